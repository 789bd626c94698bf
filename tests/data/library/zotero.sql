-- Zotero zotero.sqlite fixture (subset), loadable with sqlite3.executescript().
-- CREATE TABLE / CREATE INDEX statements are copied verbatim from Zotero's resource/schema/userdata.sql,
-- schema version 123 (file header `-- 123`, the Zotero 7 layout in which itemTypes/fields/creatorTypes live in
-- userdata.sql), as stored in the code corpus; cross-checked against zotero/zotero@f7d895ab52ce0e2ebaca37d40925578a912ace39
-- (userdata.sql version 107). Only the tables a reader needs are included.
-- Lookup rows are a subset. itemTypeIDs and the fieldIDs of title/abstractNote/date/url/accessDate/volume/pages/
-- publicationTitle/libraryCatalog follow a real Zotero 7 database dump; the other IDs (DOI, issue, repository, archiveID, ...)
-- are illustrative, so readers must join itemData -> fieldsCombined and items -> itemTypesCombined by name.
-- Dates use Zotero's multipart form 'YYYY-MM-DD <original text>' with 00 for unknown parts (Zotero.Date.strToMultipart).
-- Expected content: 30 regular items with abstracts (tests/data/library/expected.json), plus 1 regular item without an
-- abstract (skip and count), 1 item in the trash (deletedItems: skip), 1 PDF attachment without a title and 1 child note.
-- Creators are inserted in scrambled order; only itemCreators.orderIndex gives the author order.

-- Valid item types ("book," "journalArticle," etc.)
CREATE TABLE itemTypes (
    itemTypeID INTEGER PRIMARY KEY,
    typeName TEXT,
    templateItemTypeID INT,
    display INT DEFAULT 1 -- 0 == hide, 1 == display, 2 == primary
);

-- Populated at startup from itemTypes and customItemTypes
CREATE TABLE itemTypesCombined (
    itemTypeID INT NOT NULL,
    typeName TEXT NOT NULL,
    display INT DEFAULT 1 NOT NULL,
    custom INT NOT NULL,
    PRIMARY KEY (itemTypeID)
);

-- Field types for item metadata
CREATE TABLE fields (
    fieldID INTEGER PRIMARY KEY,
    fieldName TEXT,
    fieldFormatID INT,
    FOREIGN KEY (fieldFormatID) REFERENCES fieldFormats(fieldFormatID)
);

-- Populated at startup from fields and customFields
CREATE TABLE fieldsCombined (
    fieldID INT NOT NULL,
    fieldName TEXT NOT NULL,
    label TEXT,
    fieldFormatID INT,
    custom INT NOT NULL,
    PRIMARY KEY (fieldID)
);

-- Defines the possible creator types (contributor, editor, author)
CREATE TABLE creatorTypes (
    creatorTypeID INTEGER PRIMARY KEY,
    creatorType TEXT
);

CREATE TABLE version (
    schema TEXT PRIMARY KEY,
    version INT NOT NULL
);
CREATE INDEX schema ON version(schema);

-- Primary data applicable to all items
CREATE TABLE items (
    itemID INTEGER PRIMARY KEY,
    itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    dateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE
);
CREATE INDEX items_synced ON items(synced);

CREATE TABLE itemDataValues (
    valueID INTEGER PRIMARY KEY,
    value UNIQUE
);

-- Type-specific data for individual items
CREATE TABLE itemData (
    itemID INT,
    fieldID INT,
    valueID,
    PRIMARY KEY (itemID, fieldID),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (fieldID) REFERENCES fieldsCombined(fieldID),
    FOREIGN KEY (valueID) REFERENCES itemDataValues(valueID)
);
CREATE INDEX itemData_fieldID ON itemData(fieldID);
CREATE INDEX itemData_valueID ON itemData(valueID);

-- Note data for note and attachment items
CREATE TABLE itemNotes (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    note TEXT,
    title TEXT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX itemNotes_parentItemID ON itemNotes(parentItemID);

-- Metadata for attachment items
CREATE TABLE itemAttachments (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    linkMode INT,
    contentType TEXT,
    charsetID INT,
    path TEXT,
    syncState INT DEFAULT 0,
    storageModTime INT,
    storageHash TEXT,
    lastProcessedModificationTime INT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (charsetID) REFERENCES charsets(charsetID) ON DELETE SET NULL
);
CREATE INDEX itemAttachments_parentItemID ON itemAttachments(parentItemID);
CREATE INDEX itemAttachments_charsetID ON itemAttachments(charsetID);
CREATE INDEX itemAttachments_contentType ON itemAttachments(contentType);
CREATE INDEX itemAttachments_syncState ON itemAttachments(syncState);
CREATE INDEX itemAttachments_lastProcessedModificationTime ON itemAttachments(lastProcessedModificationTime);

CREATE TABLE creators (
    creatorID INTEGER PRIMARY KEY,
    firstName TEXT,
    lastName TEXT,
    fieldMode INT,
    UNIQUE (lastName, firstName, fieldMode)
);

CREATE TABLE itemCreators (
    itemID INT NOT NULL,
    creatorID INT NOT NULL,
    creatorTypeID INT NOT NULL DEFAULT 1,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex),
    UNIQUE (itemID, orderIndex),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (creatorID) REFERENCES creators(creatorID) ON DELETE CASCADE,
    FOREIGN KEY (creatorTypeID) REFERENCES creatorTypes(creatorTypeID)
);
CREATE INDEX itemCreators_creatorTypeID ON itemCreators(creatorTypeID);

CREATE TABLE collections (
    collectionID INTEGER PRIMARY KEY,
    collectionName TEXT NOT NULL,
    parentCollectionID INT DEFAULT NULL,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE,
    FOREIGN KEY (parentCollectionID) REFERENCES collections(collectionID) ON DELETE CASCADE
);
CREATE INDEX collections_synced ON collections(synced);

CREATE TABLE collectionItems (
    collectionID INT NOT NULL,
    itemID INT NOT NULL,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (collectionID, itemID),
    FOREIGN KEY (collectionID) REFERENCES collections(collectionID) ON DELETE CASCADE,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX collectionItems_itemID ON collectionItems(itemID);

CREATE TABLE deletedItems (
    itemID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE INDEX deletedItems_dateDeleted ON deletedItems(dateDeleted);

CREATE TABLE libraries (
    libraryID INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    editable INT NOT NULL,
    filesEditable INT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    storageVersion INT NOT NULL DEFAULT 0,
    lastSync INT NOT NULL DEFAULT 0,
    archived INT NOT NULL DEFAULT 0
);

INSERT INTO version VALUES('userdata',123);
INSERT INTO libraries VALUES(1,'user',1,1,2213,2213,1749625319,0);
INSERT INTO itemTypes VALUES(3,'attachment',NULL,1);
INSERT INTO itemTypes VALUES(11,'conferencePaper',NULL,1);
INSERT INTO itemTypes VALUES(22,'journalArticle',NULL,1);
INSERT INTO itemTypes VALUES(28,'note',NULL,1);
INSERT INTO itemTypes VALUES(31,'preprint',NULL,1);
INSERT INTO itemTypes VALUES(34,'report',NULL,1);
INSERT INTO itemTypes VALUES(37,'thesis',NULL,1);
INSERT INTO itemTypesCombined VALUES(3,'attachment',1,0);
INSERT INTO itemTypesCombined VALUES(11,'conferencePaper',1,0);
INSERT INTO itemTypesCombined VALUES(22,'journalArticle',1,0);
INSERT INTO itemTypesCombined VALUES(28,'note',1,0);
INSERT INTO itemTypesCombined VALUES(31,'preprint',1,0);
INSERT INTO itemTypesCombined VALUES(34,'report',1,0);
INSERT INTO itemTypesCombined VALUES(37,'thesis',1,0);
INSERT INTO fields VALUES(1,'title',NULL);
INSERT INTO fields VALUES(2,'abstractNote',NULL);
INSERT INTO fields VALUES(6,'date',NULL);
INSERT INTO fields VALUES(7,'language',NULL);
INSERT INTO fields VALUES(8,'shortTitle',NULL);
INSERT INTO fields VALUES(11,'libraryCatalog',NULL);
INSERT INTO fields VALUES(13,'url',NULL);
INSERT INTO fields VALUES(14,'accessDate',NULL);
INSERT INTO fields VALUES(16,'extra',NULL);
INSERT INTO fields VALUES(19,'volume',NULL);
INSERT INTO fields VALUES(23,'publisher',NULL);
INSERT INTO fields VALUES(27,'number',NULL);
INSERT INTO fields VALUES(32,'pages',NULL);
INSERT INTO fields VALUES(38,'publicationTitle',NULL);
INSERT INTO fields VALUES(120,'DOI',NULL);
INSERT INTO fields VALUES(121,'issue',NULL);
INSERT INTO fields VALUES(122,'proceedingsTitle',NULL);
INSERT INTO fields VALUES(123,'repository',NULL);
INSERT INTO fields VALUES(124,'archiveID',NULL);
INSERT INTO fields VALUES(125,'institution',NULL);
INSERT INTO fields VALUES(126,'university',NULL);
INSERT INTO fields VALUES(127,'thesisType',NULL);
INSERT INTO fieldsCombined VALUES(1,'title',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(2,'abstractNote',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(6,'date',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(7,'language',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(8,'shortTitle',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(11,'libraryCatalog',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(13,'url',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(14,'accessDate',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(16,'extra',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(19,'volume',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(23,'publisher',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(27,'number',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(32,'pages',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(38,'publicationTitle',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(120,'DOI',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(121,'issue',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(122,'proceedingsTitle',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(123,'repository',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(124,'archiveID',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(125,'institution',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(126,'university',NULL,NULL,0);
INSERT INTO fieldsCombined VALUES(127,'thesisType',NULL,NULL,0);
INSERT INTO creatorTypes VALUES(1,'artist');
INSERT INTO creatorTypes VALUES(2,'contributor');
INSERT INTO creatorTypes VALUES(8,'author');
INSERT INTO creatorTypes VALUES(10,'editor');
INSERT INTO items VALUES(1,31,'2025-01-03 08:00:00','2025-01-03 08:00:00','2025-01-03 08:00:00',1,'NIBQQN3G',41,1);
INSERT INTO items VALUES(2,11,'2025-02-04 09:07:13','2025-02-04 09:07:13','2025-02-04 09:07:13',1,'L95TPL7D',42,1);
INSERT INTO items VALUES(3,31,'2025-03-05 10:14:26','2025-03-05 10:14:26','2025-03-05 10:14:26',1,'93EM2HLL',43,1);
INSERT INTO items VALUES(4,11,'2025-04-06 11:21:39','2025-04-06 11:21:39','2025-04-06 11:21:39',1,'TSFWQTH5',44,1);
INSERT INTO items VALUES(5,31,'2025-05-07 12:28:52','2025-05-07 12:28:52','2025-05-07 12:28:52',1,'IQJRGFBU',45,1);
INSERT INTO items VALUES(6,11,'2025-06-08 13:35:05','2025-06-08 13:35:05','2025-06-08 13:35:05',1,'5R3NSQ8T',46,1);
INSERT INTO items VALUES(7,22,'2025-07-09 14:42:18','2025-07-09 14:42:18','2025-07-09 14:42:18',1,'VN59D5KM',47,1);
INSERT INTO items VALUES(8,31,'2025-08-10 15:49:31','2025-08-10 15:49:31','2025-08-10 15:49:31',1,'F2N3HHQQ',48,1);
INSERT INTO items VALUES(9,34,'2025-09-11 16:56:44','2025-09-11 16:56:44','2025-09-11 16:56:44',1,'U4B6II2W',49,1);
INSERT INTO items VALUES(10,31,'2025-01-12 17:03:57','2025-01-12 17:03:57','2025-01-12 17:03:57',1,'IA7HMPVW',50,1);
INSERT INTO items VALUES(11,11,'2025-02-13 18:10:10','2025-02-13 18:10:10','2025-02-13 18:10:10',1,'R56KGCYT',51,1);
INSERT INTO items VALUES(12,22,'2025-03-14 08:17:23','2025-03-14 08:17:23','2025-03-14 08:17:23',1,'DDK55VN6',52,1);
INSERT INTO items VALUES(13,31,'2025-04-15 09:24:36','2025-04-15 09:24:36','2025-04-15 09:24:36',1,'RQT8K2QE',53,1);
INSERT INTO items VALUES(14,11,'2025-05-16 10:31:49','2025-05-16 10:31:49','2025-05-16 10:31:49',1,'CFMBT6PM',54,1);
INSERT INTO items VALUES(15,31,'2025-06-17 11:38:02','2025-06-17 11:38:02','2025-06-17 11:38:02',1,'UJ74TXLL',55,1);
INSERT INTO items VALUES(16,11,'2025-07-18 12:45:15','2025-07-18 12:45:15','2025-07-18 12:45:15',1,'HTC7LLZG',56,1);
INSERT INTO items VALUES(17,31,'2025-02-14 10:21:09','2025-02-14 10:21:09','2025-02-14 10:21:09',1,'XQY8W2PE',57,1);
INSERT INTO items VALUES(18,22,'2025-08-19 13:52:28','2025-08-19 13:52:28','2025-08-19 13:52:28',1,'DURQEUW3',58,1);
INSERT INTO items VALUES(19,31,'2025-09-20 14:59:41','2025-09-20 14:59:41','2025-09-20 14:59:41',1,'H28QAMPH',59,1);
INSERT INTO items VALUES(20,11,'2025-01-21 15:06:54','2025-01-21 15:06:54','2025-01-21 15:06:54',1,'WU358VD3',60,1);
INSERT INTO items VALUES(21,37,'2025-02-22 16:13:07','2025-02-22 16:13:07','2025-02-22 16:13:07',1,'4J5TKE2V',61,1);
INSERT INTO items VALUES(22,31,'2025-03-23 17:20:20','2025-03-23 17:20:20','2025-03-23 17:20:20',1,'KDDIR4C8',62,1);
INSERT INTO items VALUES(23,22,'2025-04-24 18:27:33','2025-04-24 18:27:33','2025-04-24 18:27:33',1,'2NBK8MYQ',63,1);
INSERT INTO items VALUES(24,31,'2025-02-14 10:21:09','2025-02-14 10:21:09','2025-02-14 10:21:09',1,'VEVPRCHX',64,1);
INSERT INTO items VALUES(25,22,'2025-05-25 08:34:46','2025-05-25 08:34:46','2025-05-25 08:34:46',1,'PIQFASPC',65,1);
INSERT INTO items VALUES(26,11,'2025-06-26 09:41:59','2025-06-26 09:41:59','2025-06-26 09:41:59',1,'J2XMS6HS',66,1);
INSERT INTO items VALUES(27,31,'2025-07-27 10:48:12','2025-07-27 10:48:12','2025-07-27 10:48:12',1,'UIKKCWXW',67,1);
INSERT INTO items VALUES(28,11,'2025-08-03 11:55:25','2025-08-03 11:55:25','2025-08-03 11:55:25',1,'PML2962C',68,1);
INSERT INTO items VALUES(29,22,'2025-09-04 12:02:38','2025-09-04 12:02:38','2025-09-04 12:02:38',1,'2T2LSDJL',69,1);
INSERT INTO items VALUES(30,11,'2025-01-05 13:09:51','2025-01-05 13:09:51','2025-01-05 13:09:51',1,'7C39V56P',70,1);
INSERT INTO items VALUES(31,11,'2025-02-06 14:16:04','2025-02-06 14:16:04','2025-02-06 14:16:04',1,'AGXMB6YK',71,1);
INSERT INTO items VALUES(32,22,'2025-03-07 15:23:17','2025-03-07 15:23:17','2025-03-07 15:23:17',1,'8SVNZY6Y',72,1);
INSERT INTO items VALUES(33,3,'2025-01-03 08:00:41','2025-01-03 08:00:41','2025-01-03 08:00:41',1,'QK2WJ8ZP',73,1);
INSERT INTO items VALUES(34,28,'2025-03-06 10:12:00','2025-03-06 10:12:00','2025-03-06 10:12:00',1,'N7RDX3BM',74,1);
INSERT INTO itemDataValues VALUES(1,'Masked Autoencoders Are Scalable Vision Learners');
INSERT INTO itemDataValues VALUES(2,'This paper shows that masked autoencoders (MAE) are scalable self-supervised learners for computer vision. Our MAE approach is simple: we mask random patches of the input image and reconstruct the missing pixels. It is based on two core designs. First, we develop an asymmetric encoder-decoder architecture, with an encoder that operates only on the visible subset of patches (without mask tokens), along with a lightweight decoder that reconstructs the original image from the latent representation and mask tokens. Second, we find that masking a high proportion of the input image, e.g., 75%, yields a nontrivial and meaningful self-supervisory task.');
INSERT INTO itemDataValues VALUES(3,'2021-11-11 2021-11-11');
INSERT INTO itemDataValues VALUES(4,'en');
INSERT INTO itemDataValues VALUES(5,'2025-01-03 08:00:00');
INSERT INTO itemDataValues VALUES(6,'http://arxiv.org/abs/2111.06377');
INSERT INTO itemDataValues VALUES(7,'10.48550/arXiv.2111.06377');
INSERT INTO itemDataValues VALUES(8,'arXiv');
INSERT INTO itemDataValues VALUES(9,'arXiv:2111.06377');
INSERT INTO itemDataValues VALUES(10,'arXiv.org');
INSERT INTO itemDataValues VALUES(11,'arXiv: 2111.06377');
INSERT INTO itemDataValues VALUES(12,'Designing BERT for Convolutional Networks: Sparse and Hierarchical Masked Modeling');
INSERT INTO itemDataValues VALUES(13,'We identify and overcome two key obstacles in extending the success of BERT-style pre-training, or the masked image modeling, to convolutional networks (convnets): (i) convolution operation cannot handle irregular, random-masked input images; (ii) the single-scale nature of BERT pre-training is inconsistent with convnet''s hierarchical structure. For (i), we treat unmasked pixels as sparse voxels of 3D point clouds and use sparse convolution to encode. This is the first use of sparse convolution for 2D masked modeling.');
INSERT INTO itemDataValues VALUES(14,'2023-00-00 2023');
INSERT INTO itemDataValues VALUES(15,'2025-02-04 09:07:13');
INSERT INTO itemDataValues VALUES(16,'10.5555/paperqa.02');
INSERT INTO itemDataValues VALUES(17,'DOI.org (Crossref)');
INSERT INTO itemDataValues VALUES(18,'The Eleventh International Conference on Learning Representations');
INSERT INTO itemDataValues VALUES(19,'How to Train Your HiPPO: State Space Models with Generalized Orthogonal Basis Projections');
INSERT INTO itemDataValues VALUES(20,'Linear time-invariant state space models (SSM) are a classical model from engineering and statistics, that have recently been shown to be very promising in machine learning through the Structured State Space sequence model (S4). A core component of S4 involves initializing the SSM state matrix to a particular matrix called a HiPPO matrix, which was empirically important for S4''s ability to handle long sequences. However, the specific matrix that S4 uses was actually derived in previous work for a particular time-varying dynamical system, and the use of this matrix as a time-invariant SSM had no known mathematical interpretation.');
INSERT INTO itemDataValues VALUES(21,'2022-06-24 June 24, 2022');
INSERT INTO itemDataValues VALUES(22,'2025-03-05 10:14:26');
INSERT INTO itemDataValues VALUES(23,'http://arxiv.org/abs/2206.12037');
INSERT INTO itemDataValues VALUES(24,'10.48550/arXiv.2206.12037');
INSERT INTO itemDataValues VALUES(25,'arXiv:2206.12037');
INSERT INTO itemDataValues VALUES(26,'arXiv: 2206.12037');
INSERT INTO itemDataValues VALUES(27,'Multi-marginal Schrödinger Bridges with Iterative Reference Refinement');
INSERT INTO itemDataValues VALUES(28,'Practitioners frequently aim to infer an unobserved population trajectory using sample snapshots at multiple time points. For instance, in single-cell sequencing, scientists would like to learn how gene expression evolves over time. But sequencing any cell destroys that cell.');
INSERT INTO itemDataValues VALUES(29,'2025-00-00 2025');
INSERT INTO itemDataValues VALUES(30,'2025-04-06 11:21:39');
INSERT INTO itemDataValues VALUES(31,'10.5555/paperqa.04');
INSERT INTO itemDataValues VALUES(32,'Proceedings of The 28th International Conference on Artificial Intelligence and Statistics');
INSERT INTO itemDataValues VALUES(33,'258');
INSERT INTO itemDataValues VALUES(34,'3817-3825');
INSERT INTO itemDataValues VALUES(35,'Emergent World Representations: Exploring a Sequence Model Trained on a Synthetic Task');
INSERT INTO itemDataValues VALUES(36,'Language models show a surprising range of capabilities, but the source of their apparent competence is unclear. Do these networks just memorize a collection of surface statistics, or do they rely on internal representations of the process that generates the sequences they see? We investigate this question by applying a variant of the GPT model to the task of predicting legal moves in a simple board game, Othello.');
INSERT INTO itemDataValues VALUES(37,'2022-10-24 10/24/2022');
INSERT INTO itemDataValues VALUES(38,'2025-05-07 12:28:52');
INSERT INTO itemDataValues VALUES(39,'http://arxiv.org/abs/2210.13382');
INSERT INTO itemDataValues VALUES(40,'10.48550/arXiv.2210.13382');
INSERT INTO itemDataValues VALUES(41,'arXiv:2210.13382');
INSERT INTO itemDataValues VALUES(42,'arXiv: 2210.13382');
INSERT INTO itemDataValues VALUES(43,'Poseidon: Efficient Foundation Models for PDEs');
INSERT INTO itemDataValues VALUES(44,'We introduce Poseidon, a foundation model for learning the solution operators of PDEs. It is based on a multiscale operator transformer, with time-conditioned layer norms that enable continuous-in-time evaluations. A novel training strategy leveraging the semi-group property of time-dependent PDEs to allow for significant scaling-up of the training data is also proposed.');
INSERT INTO itemDataValues VALUES(45,'2024-00-00 2024');
INSERT INTO itemDataValues VALUES(46,'2025-06-08 13:35:05');
INSERT INTO itemDataValues VALUES(47,'10.5555/paperqa.06');
INSERT INTO itemDataValues VALUES(48,'Advances in Neural Information Processing Systems');
INSERT INTO itemDataValues VALUES(49,'37');
INSERT INTO itemDataValues VALUES(50,'Closing the ODE-SDE gap in score-based diffusion models through the Fokker-Planck equation');
INSERT INTO itemDataValues VALUES(51,'Score-based diffusion models have emerged as one of the most promising frameworks for deep generative modelling, due to their state-of-the art performance in many generation tasks while relying on mathematical foundations such as stochastic differential equations (SDEs) and ordinary differential equations (ODEs). Empirically, it has been reported that ODE based samples are inferior to SDE based samples.');
INSERT INTO itemDataValues VALUES(52,'2025-06-05 2025-06-05');
INSERT INTO itemDataValues VALUES(53,'2025-07-09 14:42:18');
INSERT INTO itemDataValues VALUES(54,'10.1098/rsta.2024.0503');
INSERT INTO itemDataValues VALUES(55,'arXiv: 2311.15996');
INSERT INTO itemDataValues VALUES(56,'Philosophical Transactions of the Royal Society A: Mathematical, Physical and Engineering Sciences');
INSERT INTO itemDataValues VALUES(57,'383');
INSERT INTO itemDataValues VALUES(58,'2298');
INSERT INTO itemDataValues VALUES(59,'20240503');
INSERT INTO itemDataValues VALUES(60,'A Tale of Tails: Model Collapse as a Change of Scaling Laws');
INSERT INTO itemDataValues VALUES(61,'As AI model size grows, neural scaling laws have become a crucial tool to predict the improvements of large models when increasing capacity and the size of original (human or natural) training data. Yet, the widespread use of popular models means that the ecosystem of online data and text will co-evolve to progressively contain increased amounts of synthesized data. In this paper we ask: How will the scaling laws change in the inevitable regime where synthetic data makes its way into the training corpus?');
INSERT INTO itemDataValues VALUES(62,'2024-02-10 2/10/2024');
INSERT INTO itemDataValues VALUES(63,'2025-08-10 15:49:31');
INSERT INTO itemDataValues VALUES(64,'http://arxiv.org/abs/2402.07043');
INSERT INTO itemDataValues VALUES(65,'10.48550/arXiv.2402.07043');
INSERT INTO itemDataValues VALUES(66,'arXiv:2402.07043');
INSERT INTO itemDataValues VALUES(67,'arXiv:2402.07043 [cs]');
INSERT INTO itemDataValues VALUES(68,'Scaling Language Models: Methods, Analysis & Insights from Training Gopher');
INSERT INTO itemDataValues VALUES(69,'Language modelling provides a step towards intelligent communication systems by harnessing large repositories of written human knowledge to better predict and understand the world.');
INSERT INTO itemDataValues VALUES(70,'2021-12-00 December 2021');
INSERT INTO itemDataValues VALUES(71,'2025-09-11 16:56:44');
INSERT INTO itemDataValues VALUES(72,'10.5555/paperqa.09');
INSERT INTO itemDataValues VALUES(73,'DeepMind');
INSERT INTO itemDataValues VALUES(74,'Behavior Transformers: Cloning k modes with one stone');
INSERT INTO itemDataValues VALUES(75,'While behavior learning has made impressive progress in recent times, it lags behind computer vision and natural language processing due to its inability to leverage large, human-generated datasets. Human behaviors have wide variance, multiple modes, and human demonstrations typically do not come with reward labels. These properties limit the applicability of current methods in Offline RL and Behavioral Cloning to learn from large, pre-collected datasets.');
INSERT INTO itemDataValues VALUES(76,'2022-06-00 6/2022');
INSERT INTO itemDataValues VALUES(77,'2025-01-12 17:03:57');
INSERT INTO itemDataValues VALUES(78,'http://arxiv.org/abs/2206.11251');
INSERT INTO itemDataValues VALUES(79,'10.48550/arXiv.2206.11251');
INSERT INTO itemDataValues VALUES(80,'arXiv:2206.11251');
INSERT INTO itemDataValues VALUES(81,'arXiv:2206.11251 [cs]');
INSERT INTO itemDataValues VALUES(82,'An Empirical Study of Example Forgetting during Deep Neural Network Learning');
INSERT INTO itemDataValues VALUES(83,'Inspired by the phenomenon of catastrophic forgetting, we investigate the learning dynamics of neural networks as they train on single classification tasks. Our goal is to understand whether a related phenomenon occurs when data does not undergo a clear distributional shift.');
INSERT INTO itemDataValues VALUES(84,'2019-00-00 2019');
INSERT INTO itemDataValues VALUES(85,'2025-02-13 18:10:10');
INSERT INTO itemDataValues VALUES(86,'10.5555/paperqa.11');
INSERT INTO itemDataValues VALUES(87,'International Conference on Learning Representations');
INSERT INTO itemDataValues VALUES(88,'Chaos as an interpretable benchmark for forecasting and data-driven modelling');
INSERT INTO itemDataValues VALUES(89,'The striking fractal geometry of strange attractors underscores the generative nature of chaos: like probability distributions, chaotic systems can be repeatedly measured to produce arbitrarily-detailed information about the underlying attractor. Chaotic systems thus pose a unique challenge to modern statistical learning techniques, while retaining quantifiable mathematical properties that make them controllable and interpretable as benchmarks.');
INSERT INTO itemDataValues VALUES(90,'2021-00-00 2021');
INSERT INTO itemDataValues VALUES(91,'2025-03-14 08:17:23');
INSERT INTO itemDataValues VALUES(92,'10.5555/paperqa.12');
INSERT INTO itemDataValues VALUES(93,'QuIP#: Even Better LLM Quantization with Hadamard Incoherence and Lattice Codebooks');
INSERT INTO itemDataValues VALUES(94,'Post-training quantization (PTQ) reduces the memory footprint of LLMs by quantizing their weights to low-precision. In this work, we introduce QuIP#, a weight-only PTQ method that achieves state-of-the-art results in extreme compression regimes (le 4 bits per weight) using three novel techniques. First, QuIP# improves the incoherence processing from QuIP by using the randomized Hadamard transform, which is faster and has better theoretical properties.');
INSERT INTO itemDataValues VALUES(95,'2024-02-06 2024-02-06');
INSERT INTO itemDataValues VALUES(96,'2025-04-15 09:24:36');
INSERT INTO itemDataValues VALUES(97,'http://arxiv.org/abs/2402.04396');
INSERT INTO itemDataValues VALUES(98,'10.48550/arXiv.2402.04396');
INSERT INTO itemDataValues VALUES(99,'arXiv:2402.04396');
INSERT INTO itemDataValues VALUES(100,'arXiv: 2402.04396');
INSERT INTO itemDataValues VALUES(101,'Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 small');
INSERT INTO itemDataValues VALUES(102,'Research in mechanistic interpretability seeks to explain behaviors of machine learning models in terms of their internal components. However, most previous work either focuses on simple behaviors in small models, or describes complicated behaviors in larger models with broad strokes. In this work, we bridge this gap by presenting an explanation for how GPT-2 small performs a natural language task called indirect object identification (IOI).');
INSERT INTO itemDataValues VALUES(103,'2025-05-16 10:31:49');
INSERT INTO itemDataValues VALUES(104,'10.5555/paperqa.14');
INSERT INTO itemDataValues VALUES(105,'Human-Timescale Adaptation in an Open-Ended Task Space');
INSERT INTO itemDataValues VALUES(106,'Foundation models have shown impressive adaptation and scalability in supervised and self-supervised learning problems, but so far these successes have not fully translated to reinforcement learning (RL). In this work, we demonstrate that training an RL agent at scale leads to a general in-context learning algorithm that can adapt to open-ended novel embodied 3D problems as quickly as humans. In a vast space of held-out environment dynamics, our adaptive agent (AdA) displays on-the-fly hypothesis-driven exploration, efficient exploitation of acquired knowledge, and can successfully be prompted with first-person demonstrations.');
INSERT INTO itemDataValues VALUES(107,'2023-01-18 January 18, 2023');
INSERT INTO itemDataValues VALUES(108,'2025-06-17 11:38:02');
INSERT INTO itemDataValues VALUES(109,'http://arxiv.org/abs/2301.07608');
INSERT INTO itemDataValues VALUES(110,'10.48550/arXiv.2301.07608');
INSERT INTO itemDataValues VALUES(111,'arXiv:2301.07608');
INSERT INTO itemDataValues VALUES(112,'arXiv: 2301.07608');
INSERT INTO itemDataValues VALUES(113,'The Platonic Representation Hypothesis');
INSERT INTO itemDataValues VALUES(114,'We argue that representations in AI models, particularly deep networks, are converging. First, we survey many examples of convergence in the literature: over time and across multiple domains, the ways by which different neural networks represent data are becoming more aligned. Next, we demonstrate convergence across data modalities: as vision models and language models get larger, they measure distance between datapoints in a more and more alike way.');
INSERT INTO itemDataValues VALUES(115,'2025-07-18 12:45:15');
INSERT INTO itemDataValues VALUES(116,'10.5555/paperqa.16');
INSERT INTO itemDataValues VALUES(117,'Proceedings of the 41st International Conference on Machine Learning');
INSERT INTO itemDataValues VALUES(118,'Scalable agent alignment via reward modeling: a research direction');
INSERT INTO itemDataValues VALUES(119,'2018-11-19 11/19/2018');
INSERT INTO itemDataValues VALUES(120,'2025-02-14 10:21:09');
INSERT INTO itemDataValues VALUES(121,'http://arxiv.org/abs/1811.07871');
INSERT INTO itemDataValues VALUES(122,'10.48550/arXiv.1811.07871');
INSERT INTO itemDataValues VALUES(123,'arXiv:1811.07871');
INSERT INTO itemDataValues VALUES(124,'arXiv: 1811.07871');
INSERT INTO itemDataValues VALUES(125,'Progress measures for grokking via mechanistic interpretability');
INSERT INTO itemDataValues VALUES(126,'Neural networks often exhibit emergent behavior, where qualitatively new capabilities arise from scaling up the amount of parameters, training data, or training steps. One approach to understanding emergence is to find continuous progress measures that underlie the seemingly discontinuous qualitative changes. We argue that progress measures can be found via mechanistic interpretability: reverse-engineering learned behaviors into their individual components.');
INSERT INTO itemDataValues VALUES(127,'2023-01-00 1/2023');
INSERT INTO itemDataValues VALUES(128,'2025-08-19 13:52:28');
INSERT INTO itemDataValues VALUES(129,'10.5555/paperqa.17');
INSERT INTO itemDataValues VALUES(130,'Frontier Models are Capable of In-context Scheming');
INSERT INTO itemDataValues VALUES(131,'Frontier models are increasingly trained and deployed as autonomous agent. One safety concern is that AI agents might covertly pursue misaligned goals, hiding their true capabilities and objectives - also known as scheming. We study whether models have the capability to scheme in pursuit of a goal that we provide in-context and instruct the model to strongly follow.');
INSERT INTO itemDataValues VALUES(132,'2024-12-06 2024-12-06');
INSERT INTO itemDataValues VALUES(133,'2025-09-20 14:59:41');
INSERT INTO itemDataValues VALUES(134,'http://arxiv.org/abs/2412.04984');
INSERT INTO itemDataValues VALUES(135,'10.48550/arXiv.2412.04984');
INSERT INTO itemDataValues VALUES(136,'arXiv:2412.04984');
INSERT INTO itemDataValues VALUES(137,'arXiv: 2412.04984');
INSERT INTO itemDataValues VALUES(138,'Deep Learning on a Data Diet: Finding Important Examples Early in Training');
INSERT INTO itemDataValues VALUES(139,'Recent success in deep learning has partially been driven by training increasingly overparametrized networks on ever larger datasets. It is therefore natural to ask: how much of the data is superfluous, which examples are important for generalization, and how do we find them? In this work, we make the striking observation that, in standard vision datasets, simple scores averaged over several weight initializations can be used to identify important examples very early in training.');
INSERT INTO itemDataValues VALUES(140,'2025-01-21 15:06:54');
INSERT INTO itemDataValues VALUES(141,'10.5555/paperqa.19');
INSERT INTO itemDataValues VALUES(142,'34');
INSERT INTO itemDataValues VALUES(143,'On Neural Differential Equations');
INSERT INTO itemDataValues VALUES(144,'The conjoining of dynamical systems and deep learning has become a topic of great interest. In particular, neural differential equations (NDEs) demonstrate that neural networks and differential equation are two sides of the same coin. Traditional parameterised differential equations are a special case.');
INSERT INTO itemDataValues VALUES(145,'2022-00-00 2022');
INSERT INTO itemDataValues VALUES(146,'2025-02-22 16:13:07');
INSERT INTO itemDataValues VALUES(147,'10.5555/paperqa.20');
INSERT INTO itemDataValues VALUES(148,'University of Oxford');
INSERT INTO itemDataValues VALUES(149,'PhD Thesis');
INSERT INTO itemDataValues VALUES(150,'Limits and Powers of Koopman Learning');
INSERT INTO itemDataValues VALUES(151,'Dynamical systems provide a comprehensive way to study complex and changing behaviors across various sciences. Many modern systems are too complicated to analyze directly or we do not have access to models, driving significant interest in learning methods. Koopman operators have emerged as a dominant approach because they allow the study of nonlinear dynamics using linear techniques by solving an infinite-dimensional spectral problem.');
INSERT INTO itemDataValues VALUES(152,'2024-07-08 2024-07-08');
INSERT INTO itemDataValues VALUES(153,'2025-03-23 17:20:20');
INSERT INTO itemDataValues VALUES(154,'http://arxiv.org/abs/2407.06312');
INSERT INTO itemDataValues VALUES(155,'10.48550/arXiv.2407.06312');
INSERT INTO itemDataValues VALUES(156,'arXiv:2407.06312');
INSERT INTO itemDataValues VALUES(157,'arXiv:2407.06312 [math]');
INSERT INTO itemDataValues VALUES(158,'Respecting causality is all you need for training physics-informed neural networks');
INSERT INTO itemDataValues VALUES(159,'While the popularity of physics-informed neural networks (PINNs) is steadily rising, to this date PINNs have not been successful in simulating dynamical systems whose solution exhibits multi-scale, chaotic or turbulent behavior. In this work we attribute this shortcoming to the inability of existing PINNs formulations to respect the spatio-temporal causal structure that is inherent to the evolution of physical systems. We argue that this is a fundamental limitation and a key source of error that can ultimately steer PINN models to converge towards erroneous solutions.');
INSERT INTO itemDataValues VALUES(160,'2022-03-00 March 2022');
INSERT INTO itemDataValues VALUES(161,'2025-04-24 18:27:33');
INSERT INTO itemDataValues VALUES(162,'10.5555/paperqa.22');
INSERT INTO itemDataValues VALUES(163,'Artificial Kuramoto Oscillatory Neurons');
INSERT INTO itemDataValues VALUES(164,'It has long been known in both neuroscience and AI that ``binding'''' between neurons leads to a form of competitive learning where representations are compressed in order to represent more abstract concepts in deeper layers of the network. More recently, it was also hypothesized that dynamic (spatiotemporal) representations play an important role in both neuroscience and AI. Building on these ideas, we introduce Artificial Kuramoto Oscillatory Neurons (AKOrN) as a dynamical alternative to threshold units, which can be combined with arbitrary connectivity designs such as fully connected, convolutional, or attentive mechanisms.');
INSERT INTO itemDataValues VALUES(165,'2024-10-17 October 17, 2024');
INSERT INTO itemDataValues VALUES(166,'http://arxiv.org/abs/2410.13821');
INSERT INTO itemDataValues VALUES(167,'10.48550/arXiv.2410.13821');
INSERT INTO itemDataValues VALUES(168,'arXiv:2410.13821');
INSERT INTO itemDataValues VALUES(169,'arXiv:2410.13821 [cs]');
INSERT INTO itemDataValues VALUES(170,'Playing repeated games with Large Language Models');
INSERT INTO itemDataValues VALUES(171,'Large Language Models (LLMs) are transforming society and permeating into diverse applications. As a result, LLMs will frequently interact with us and other agents. It is, therefore, of great societal value to understand how LLMs behave in interactive social settings.');
INSERT INTO itemDataValues VALUES(172,'2025-05-25 08:34:46');
INSERT INTO itemDataValues VALUES(173,'10.1038/s41562-025-02172-y');
INSERT INTO itemDataValues VALUES(174,'arXiv: 2305.16867');
INSERT INTO itemDataValues VALUES(175,'Nature Human Behaviour');
INSERT INTO itemDataValues VALUES(176,'9');
INSERT INTO itemDataValues VALUES(177,'7');
INSERT INTO itemDataValues VALUES(178,'1380-1390');
INSERT INTO itemDataValues VALUES(179,'Scaling MLPs: A Tale of Inductive Bias');
INSERT INTO itemDataValues VALUES(180,'In this work we revisit the most fundamental building block in deep learning, the multi-layer perceptron (MLP), and study the limits of its performance on vision tasks. Empirical insights into MLPs are important for multiple reasons.');
INSERT INTO itemDataValues VALUES(181,'2025-06-26 09:41:59');
INSERT INTO itemDataValues VALUES(182,'10.5555/paperqa.24');
INSERT INTO itemDataValues VALUES(183,'36');
INSERT INTO itemDataValues VALUES(184,'Are Emergent Abilities of Large Language Models a Mirage?');
INSERT INTO itemDataValues VALUES(185,'Recent work claims that large language models display emergent abilities, abilities not present in smaller-scale models that are present in larger-scale models. What makes emergent abilities intriguing is two-fold: their sharpness, transitioning seemingly instantaneously from not present to present, and their unpredictability, appearing at seemingly unforeseeable model scales. Here, we present an alternative explanation for emergent abilities: that for a particular task and model family, when analyzing fixed model outputs, emergent abilities appear due to the researcher''s choice of metric rather than due to fundamental changes in model behavior with scale.');
INSERT INTO itemDataValues VALUES(186,'2023-04-28 April 28, 2023');
INSERT INTO itemDataValues VALUES(187,'2025-07-27 10:48:12');
INSERT INTO itemDataValues VALUES(188,'http://arxiv.org/abs/2304.15004');
INSERT INTO itemDataValues VALUES(189,'10.48550/arXiv.2304.15004');
INSERT INTO itemDataValues VALUES(190,'arXiv:2304.15004');
INSERT INTO itemDataValues VALUES(191,'arXiv: 2304.15004');
INSERT INTO itemDataValues VALUES(192,'Dynamic Evaluation of Neural Sequence Models');
INSERT INTO itemDataValues VALUES(193,'We present methodology for using dynamic evaluation to improve neural sequence models. Models are adapted to recent history via a gradient descent based mechanism, causing them to assign higher probabilities to re-occurring sequential patterns. Dynamic evaluation outperforms existing adaptation approaches in our comparisons.');
INSERT INTO itemDataValues VALUES(194,'2018-00-00 2018');
INSERT INTO itemDataValues VALUES(195,'2025-08-03 11:55:25');
INSERT INTO itemDataValues VALUES(196,'10.5555/paperqa.26');
INSERT INTO itemDataValues VALUES(197,'Proceedings of the 35th International Conference on Machine Learning');
INSERT INTO itemDataValues VALUES(198,'Model scale versus domain knowledge in statistical forecasting of chaotic systems');
INSERT INTO itemDataValues VALUES(199,'Chaos and unpredictability are traditionally synonymous, yet large-scale machine learning methods recently have demonstrated a surprising ability to forecast chaotic systems well beyond typical predictability horizons. However, recent works disagree on whether specialized methods grounded in dynamical systems theory, such as reservoir computers or neural ordinary differential equations, outperform general-purpose large-scale learning methods such as transformers or recurrent neural networks.');
INSERT INTO itemDataValues VALUES(200,'2023-03-00 March 2023');
INSERT INTO itemDataValues VALUES(201,'2025-09-04 12:02:38');
INSERT INTO itemDataValues VALUES(202,'10.5555/paperqa.27');
INSERT INTO itemDataValues VALUES(203,'Grokking as the Transition from Lazy to Rich Training Dynamics');
INSERT INTO itemDataValues VALUES(204,'We propose that the grokking phenomenon, where the train loss of a neural network decreases much earlier than its test loss, can arise due to a neural network transitioning from lazy training dynamics to a rich, feature learning regime. To illustrate this mechanism, we study the simple setting of vanilla gradient descent on a polynomial regression problem with a two layer neural network which exhibits grokking without regularization in a way that cannot be explained by existing theories.');
INSERT INTO itemDataValues VALUES(205,'2025-01-05 13:09:51');
INSERT INTO itemDataValues VALUES(206,'10.5555/paperqa.28');
INSERT INTO itemDataValues VALUES(207,'The Twelfth International Conference on Learning Representations');
INSERT INTO itemDataValues VALUES(208,'Inverse Dynamics Pretraining Learns Good Representations for Multitask Imitation');
INSERT INTO itemDataValues VALUES(209,'In recent years, domains such as natural language processing and image recognition have popularized the paradigm of using large datasets to pretrain representations that can be effectively transferred to downstream tasks. In this work we evaluate how such a paradigm should be done in imitation learning, where both pretraining and finetuning data are trajectories collected by experts interacting with an unknown environment.');
INSERT INTO itemDataValues VALUES(210,'2025-02-06 14:16:04');
INSERT INTO itemDataValues VALUES(211,'10.5555/paperqa.29');
INSERT INTO itemDataValues VALUES(212,'Neural MMO: A Massively Multiagent Game Environment for Training and Evaluating Intelligent Agents');
INSERT INTO itemDataValues VALUES(213,'The emergence of complex life on Earth is often attributed to the arms race that ensued from a huge number of organisms all competing for finite resources. We present an artificial intelligence research environment, inspired by the human game genre of MMORPGs (Massively Multiplayer Online Role-Playing Games, a.k.a. MMOs), that aims to simulate this setting in microcosm.');
INSERT INTO itemDataValues VALUES(214,'2019-03-00 3/2019');
INSERT INTO itemDataValues VALUES(215,'2025-03-07 15:23:17');
INSERT INTO itemDataValues VALUES(216,'10.5555/paperqa.30');
INSERT INTO itemData VALUES(1,1,1);
INSERT INTO itemData VALUES(1,2,2);
INSERT INTO itemData VALUES(1,6,3);
INSERT INTO itemData VALUES(1,7,4);
INSERT INTO itemData VALUES(1,14,5);
INSERT INTO itemData VALUES(1,13,6);
INSERT INTO itemData VALUES(1,120,7);
INSERT INTO itemData VALUES(1,123,8);
INSERT INTO itemData VALUES(1,124,9);
INSERT INTO itemData VALUES(1,11,10);
INSERT INTO itemData VALUES(1,16,11);
INSERT INTO itemData VALUES(2,1,12);
INSERT INTO itemData VALUES(2,2,13);
INSERT INTO itemData VALUES(2,6,14);
INSERT INTO itemData VALUES(2,7,4);
INSERT INTO itemData VALUES(2,14,15);
INSERT INTO itemData VALUES(2,120,16);
INSERT INTO itemData VALUES(2,11,17);
INSERT INTO itemData VALUES(2,122,18);
INSERT INTO itemData VALUES(3,1,19);
INSERT INTO itemData VALUES(3,2,20);
INSERT INTO itemData VALUES(3,6,21);
INSERT INTO itemData VALUES(3,7,4);
INSERT INTO itemData VALUES(3,14,22);
INSERT INTO itemData VALUES(3,13,23);
INSERT INTO itemData VALUES(3,120,24);
INSERT INTO itemData VALUES(3,123,8);
INSERT INTO itemData VALUES(3,124,25);
INSERT INTO itemData VALUES(3,11,10);
INSERT INTO itemData VALUES(3,16,26);
INSERT INTO itemData VALUES(4,1,27);
INSERT INTO itemData VALUES(4,2,28);
INSERT INTO itemData VALUES(4,6,29);
INSERT INTO itemData VALUES(4,7,4);
INSERT INTO itemData VALUES(4,14,30);
INSERT INTO itemData VALUES(4,120,31);
INSERT INTO itemData VALUES(4,11,17);
INSERT INTO itemData VALUES(4,122,32);
INSERT INTO itemData VALUES(4,19,33);
INSERT INTO itemData VALUES(4,32,34);
INSERT INTO itemData VALUES(5,1,35);
INSERT INTO itemData VALUES(5,2,36);
INSERT INTO itemData VALUES(5,6,37);
INSERT INTO itemData VALUES(5,7,4);
INSERT INTO itemData VALUES(5,14,38);
INSERT INTO itemData VALUES(5,13,39);
INSERT INTO itemData VALUES(5,120,40);
INSERT INTO itemData VALUES(5,123,8);
INSERT INTO itemData VALUES(5,124,41);
INSERT INTO itemData VALUES(5,11,10);
INSERT INTO itemData VALUES(5,16,42);
INSERT INTO itemData VALUES(6,1,43);
INSERT INTO itemData VALUES(6,2,44);
INSERT INTO itemData VALUES(6,6,45);
INSERT INTO itemData VALUES(6,7,4);
INSERT INTO itemData VALUES(6,14,46);
INSERT INTO itemData VALUES(6,120,47);
INSERT INTO itemData VALUES(6,11,17);
INSERT INTO itemData VALUES(6,122,48);
INSERT INTO itemData VALUES(6,19,49);
INSERT INTO itemData VALUES(7,1,50);
INSERT INTO itemData VALUES(7,2,51);
INSERT INTO itemData VALUES(7,6,52);
INSERT INTO itemData VALUES(7,7,4);
INSERT INTO itemData VALUES(7,14,53);
INSERT INTO itemData VALUES(7,120,54);
INSERT INTO itemData VALUES(7,11,17);
INSERT INTO itemData VALUES(7,16,55);
INSERT INTO itemData VALUES(7,38,56);
INSERT INTO itemData VALUES(7,19,57);
INSERT INTO itemData VALUES(7,121,58);
INSERT INTO itemData VALUES(7,32,59);
INSERT INTO itemData VALUES(8,1,60);
INSERT INTO itemData VALUES(8,2,61);
INSERT INTO itemData VALUES(8,6,62);
INSERT INTO itemData VALUES(8,7,4);
INSERT INTO itemData VALUES(8,14,63);
INSERT INTO itemData VALUES(8,13,64);
INSERT INTO itemData VALUES(8,120,65);
INSERT INTO itemData VALUES(8,123,8);
INSERT INTO itemData VALUES(8,124,66);
INSERT INTO itemData VALUES(8,11,10);
INSERT INTO itemData VALUES(8,16,67);
INSERT INTO itemData VALUES(9,1,68);
INSERT INTO itemData VALUES(9,2,69);
INSERT INTO itemData VALUES(9,6,70);
INSERT INTO itemData VALUES(9,7,4);
INSERT INTO itemData VALUES(9,14,71);
INSERT INTO itemData VALUES(9,120,72);
INSERT INTO itemData VALUES(9,11,17);
INSERT INTO itemData VALUES(9,125,73);
INSERT INTO itemData VALUES(10,1,74);
INSERT INTO itemData VALUES(10,2,75);
INSERT INTO itemData VALUES(10,6,76);
INSERT INTO itemData VALUES(10,7,4);
INSERT INTO itemData VALUES(10,14,77);
INSERT INTO itemData VALUES(10,13,78);
INSERT INTO itemData VALUES(10,120,79);
INSERT INTO itemData VALUES(10,123,8);
INSERT INTO itemData VALUES(10,124,80);
INSERT INTO itemData VALUES(10,11,10);
INSERT INTO itemData VALUES(10,16,81);
INSERT INTO itemData VALUES(11,1,82);
INSERT INTO itemData VALUES(11,2,83);
INSERT INTO itemData VALUES(11,6,84);
INSERT INTO itemData VALUES(11,7,4);
INSERT INTO itemData VALUES(11,14,85);
INSERT INTO itemData VALUES(11,120,86);
INSERT INTO itemData VALUES(11,11,17);
INSERT INTO itemData VALUES(11,122,87);
INSERT INTO itemData VALUES(12,1,88);
INSERT INTO itemData VALUES(12,2,89);
INSERT INTO itemData VALUES(12,6,90);
INSERT INTO itemData VALUES(12,7,4);
INSERT INTO itemData VALUES(12,14,91);
INSERT INTO itemData VALUES(12,120,92);
INSERT INTO itemData VALUES(12,11,17);
INSERT INTO itemData VALUES(13,1,93);
INSERT INTO itemData VALUES(13,2,94);
INSERT INTO itemData VALUES(13,6,95);
INSERT INTO itemData VALUES(13,7,4);
INSERT INTO itemData VALUES(13,14,96);
INSERT INTO itemData VALUES(13,13,97);
INSERT INTO itemData VALUES(13,120,98);
INSERT INTO itemData VALUES(13,123,8);
INSERT INTO itemData VALUES(13,124,99);
INSERT INTO itemData VALUES(13,11,10);
INSERT INTO itemData VALUES(13,16,100);
INSERT INTO itemData VALUES(14,1,101);
INSERT INTO itemData VALUES(14,2,102);
INSERT INTO itemData VALUES(14,6,14);
INSERT INTO itemData VALUES(14,7,4);
INSERT INTO itemData VALUES(14,14,103);
INSERT INTO itemData VALUES(14,120,104);
INSERT INTO itemData VALUES(14,11,17);
INSERT INTO itemData VALUES(14,122,18);
INSERT INTO itemData VALUES(15,1,105);
INSERT INTO itemData VALUES(15,2,106);
INSERT INTO itemData VALUES(15,6,107);
INSERT INTO itemData VALUES(15,7,4);
INSERT INTO itemData VALUES(15,14,108);
INSERT INTO itemData VALUES(15,13,109);
INSERT INTO itemData VALUES(15,120,110);
INSERT INTO itemData VALUES(15,123,8);
INSERT INTO itemData VALUES(15,124,111);
INSERT INTO itemData VALUES(15,11,10);
INSERT INTO itemData VALUES(15,16,112);
INSERT INTO itemData VALUES(16,1,113);
INSERT INTO itemData VALUES(16,2,114);
INSERT INTO itemData VALUES(16,6,45);
INSERT INTO itemData VALUES(16,7,4);
INSERT INTO itemData VALUES(16,14,115);
INSERT INTO itemData VALUES(16,120,116);
INSERT INTO itemData VALUES(16,11,17);
INSERT INTO itemData VALUES(16,122,117);
INSERT INTO itemData VALUES(17,1,118);
INSERT INTO itemData VALUES(17,6,119);
INSERT INTO itemData VALUES(17,7,4);
INSERT INTO itemData VALUES(17,14,120);
INSERT INTO itemData VALUES(17,13,121);
INSERT INTO itemData VALUES(17,120,122);
INSERT INTO itemData VALUES(17,123,8);
INSERT INTO itemData VALUES(17,124,123);
INSERT INTO itemData VALUES(17,11,10);
INSERT INTO itemData VALUES(17,16,124);
INSERT INTO itemData VALUES(18,1,125);
INSERT INTO itemData VALUES(18,2,126);
INSERT INTO itemData VALUES(18,6,127);
INSERT INTO itemData VALUES(18,7,4);
INSERT INTO itemData VALUES(18,14,128);
INSERT INTO itemData VALUES(18,120,129);
INSERT INTO itemData VALUES(18,11,17);
INSERT INTO itemData VALUES(19,1,130);
INSERT INTO itemData VALUES(19,2,131);
INSERT INTO itemData VALUES(19,6,132);
INSERT INTO itemData VALUES(19,7,4);
INSERT INTO itemData VALUES(19,14,133);
INSERT INTO itemData VALUES(19,13,134);
INSERT INTO itemData VALUES(19,120,135);
INSERT INTO itemData VALUES(19,123,8);
INSERT INTO itemData VALUES(19,124,136);
INSERT INTO itemData VALUES(19,11,10);
INSERT INTO itemData VALUES(19,16,137);
INSERT INTO itemData VALUES(20,1,138);
INSERT INTO itemData VALUES(20,2,139);
INSERT INTO itemData VALUES(20,6,90);
INSERT INTO itemData VALUES(20,7,4);
INSERT INTO itemData VALUES(20,14,140);
INSERT INTO itemData VALUES(20,120,141);
INSERT INTO itemData VALUES(20,11,17);
INSERT INTO itemData VALUES(20,122,48);
INSERT INTO itemData VALUES(20,19,142);
INSERT INTO itemData VALUES(21,1,143);
INSERT INTO itemData VALUES(21,2,144);
INSERT INTO itemData VALUES(21,6,145);
INSERT INTO itemData VALUES(21,7,4);
INSERT INTO itemData VALUES(21,14,146);
INSERT INTO itemData VALUES(21,120,147);
INSERT INTO itemData VALUES(21,11,17);
INSERT INTO itemData VALUES(21,126,148);
INSERT INTO itemData VALUES(21,127,149);
INSERT INTO itemData VALUES(22,1,150);
INSERT INTO itemData VALUES(22,2,151);
INSERT INTO itemData VALUES(22,6,152);
INSERT INTO itemData VALUES(22,7,4);
INSERT INTO itemData VALUES(22,14,153);
INSERT INTO itemData VALUES(22,13,154);
INSERT INTO itemData VALUES(22,120,155);
INSERT INTO itemData VALUES(22,123,8);
INSERT INTO itemData VALUES(22,124,156);
INSERT INTO itemData VALUES(22,11,10);
INSERT INTO itemData VALUES(22,16,157);
INSERT INTO itemData VALUES(23,1,158);
INSERT INTO itemData VALUES(23,2,159);
INSERT INTO itemData VALUES(23,6,160);
INSERT INTO itemData VALUES(23,7,4);
INSERT INTO itemData VALUES(23,14,161);
INSERT INTO itemData VALUES(23,120,162);
INSERT INTO itemData VALUES(23,11,17);
INSERT INTO itemData VALUES(24,1,163);
INSERT INTO itemData VALUES(24,2,164);
INSERT INTO itemData VALUES(24,6,165);
INSERT INTO itemData VALUES(24,7,4);
INSERT INTO itemData VALUES(24,14,120);
INSERT INTO itemData VALUES(24,13,166);
INSERT INTO itemData VALUES(24,120,167);
INSERT INTO itemData VALUES(24,123,8);
INSERT INTO itemData VALUES(24,124,168);
INSERT INTO itemData VALUES(24,11,10);
INSERT INTO itemData VALUES(24,16,169);
INSERT INTO itemData VALUES(25,1,170);
INSERT INTO itemData VALUES(25,2,171);
INSERT INTO itemData VALUES(25,6,29);
INSERT INTO itemData VALUES(25,7,4);
INSERT INTO itemData VALUES(25,14,172);
INSERT INTO itemData VALUES(25,120,173);
INSERT INTO itemData VALUES(25,11,17);
INSERT INTO itemData VALUES(25,16,174);
INSERT INTO itemData VALUES(25,38,175);
INSERT INTO itemData VALUES(25,19,176);
INSERT INTO itemData VALUES(25,121,177);
INSERT INTO itemData VALUES(25,32,178);
INSERT INTO itemData VALUES(26,1,179);
INSERT INTO itemData VALUES(26,2,180);
INSERT INTO itemData VALUES(26,6,14);
INSERT INTO itemData VALUES(26,7,4);
INSERT INTO itemData VALUES(26,14,181);
INSERT INTO itemData VALUES(26,120,182);
INSERT INTO itemData VALUES(26,11,17);
INSERT INTO itemData VALUES(26,122,48);
INSERT INTO itemData VALUES(26,19,183);
INSERT INTO itemData VALUES(27,1,184);
INSERT INTO itemData VALUES(27,2,185);
INSERT INTO itemData VALUES(27,6,186);
INSERT INTO itemData VALUES(27,7,4);
INSERT INTO itemData VALUES(27,14,187);
INSERT INTO itemData VALUES(27,13,188);
INSERT INTO itemData VALUES(27,120,189);
INSERT INTO itemData VALUES(27,123,8);
INSERT INTO itemData VALUES(27,124,190);
INSERT INTO itemData VALUES(27,11,10);
INSERT INTO itemData VALUES(27,16,191);
INSERT INTO itemData VALUES(28,1,192);
INSERT INTO itemData VALUES(28,2,193);
INSERT INTO itemData VALUES(28,6,194);
INSERT INTO itemData VALUES(28,7,4);
INSERT INTO itemData VALUES(28,14,195);
INSERT INTO itemData VALUES(28,120,196);
INSERT INTO itemData VALUES(28,11,17);
INSERT INTO itemData VALUES(28,122,197);
INSERT INTO itemData VALUES(29,1,198);
INSERT INTO itemData VALUES(29,2,199);
INSERT INTO itemData VALUES(29,6,200);
INSERT INTO itemData VALUES(29,7,4);
INSERT INTO itemData VALUES(29,14,201);
INSERT INTO itemData VALUES(29,120,202);
INSERT INTO itemData VALUES(29,11,17);
INSERT INTO itemData VALUES(30,1,203);
INSERT INTO itemData VALUES(30,2,204);
INSERT INTO itemData VALUES(30,6,45);
INSERT INTO itemData VALUES(30,7,4);
INSERT INTO itemData VALUES(30,14,205);
INSERT INTO itemData VALUES(30,120,206);
INSERT INTO itemData VALUES(30,11,17);
INSERT INTO itemData VALUES(30,122,207);
INSERT INTO itemData VALUES(31,1,208);
INSERT INTO itemData VALUES(31,2,209);
INSERT INTO itemData VALUES(31,6,14);
INSERT INTO itemData VALUES(31,7,4);
INSERT INTO itemData VALUES(31,14,210);
INSERT INTO itemData VALUES(31,120,211);
INSERT INTO itemData VALUES(31,11,17);
INSERT INTO itemData VALUES(31,122,48);
INSERT INTO itemData VALUES(31,19,183);
INSERT INTO itemData VALUES(32,1,212);
INSERT INTO itemData VALUES(32,2,213);
INSERT INTO itemData VALUES(32,6,214);
INSERT INTO itemData VALUES(32,7,4);
INSERT INTO itemData VALUES(32,14,215);
INSERT INTO itemData VALUES(32,120,216);
INSERT INTO itemData VALUES(32,11,17);
INSERT INTO creators VALUES(81,'Alexei','Stepanenko',0);
INSERT INTO creators VALUES(116,'Max','Welling',0);
INSERT INTO creators VALUES(104,'Yi','Jiang',0);
INSERT INTO creators VALUES(6,'Jordan','Hoffmann',0);
INSERT INTO creators VALUES(94,'Vishal','Maini',0);
INSERT INTO creators VALUES(22,'Andreas','Geiger',0);
INSERT INTO creators VALUES(61,'Emmanuel','Kahembwe',0);
INSERT INTO creators VALUES(68,'Kenneth','Li',0);
INSERT INTO creators VALUES(65,'Seong Joon','Oh',0);
INSERT INTO creators VALUES(64,'Tanishq','Kumar',0);
INSERT INTO creators VALUES(76,'Jakob','Bauer',0);
INSERT INTO creators VALUES(108,'Rusheb','Shah',0);
INSERT INTO creators VALUES(8,'Joseph','Suarez',0);
INSERT INTO creators VALUES(88,'Yanghao','Li',0);
INSERT INTO creators VALUES(7,'Albert','Tseng',0);
INSERT INTO creators VALUES(34,'Yilun','Du',0);
INSERT INTO creators VALUES(98,'Ofir','Nachum',0);
INSERT INTO creators VALUES(132,'Atri','Rudra',0);
INSERT INTO creators VALUES(101,'Roberto','Molinaro',0);
INSERT INTO creators VALUES(120,'Satinder','Baveja',0);
INSERT INTO creators VALUES(35,'Phillip','Isola',0);
INSERT INTO creators VALUES(128,'Saining','Xie',0);
INSERT INTO creators VALUES(93,'Yunyi','Shen',0);
INSERT INTO creators VALUES(123,'Sotiris','Anagnostidis',0);
INSERT INTO creators VALUES(71,'Cengiz','Pehlevan',0);
INSERT INTO creators VALUES(50,'Jack W.','Rae',0);
INSERT INTO creators VALUES(59,'David','Bau',0);
INSERT INTO creators VALUES(5,'Isys','Johnson',0);
INSERT INTO creators VALUES(47,'Maximilian','Herde',0);
INSERT INTO creators VALUES(133,'Patrick','Kidger',0);
INSERT INTO creators VALUES(56,'Alexandre','Variengien',0);
INSERT INTO creators VALUES(55,'Kaiming','He',0);
INSERT INTO creators VALUES(24,'Lion','Schulz',0);
INSERT INTO creators VALUES(57,'Tongzhou','Wang',0);
INSERT INTO creators VALUES(44,'Elif','Akata',0);
INSERT INTO creators VALUES(36,'Gintare Karolina','Dziugaite',0);
INSERT INTO creators VALUES(43,'Chris','Budd',0);
INSERT INTO creators VALUES(107,'Igor','Mordatch',0);
INSERT INTO creators VALUES(3,'Chen','Lin',0);
INSERT INTO creators VALUES(86,'Sifan','Wang',0);
INSERT INTO creators VALUES(49,'Arthur','Conmy',0);
INSERT INTO creators VALUES(4,'Steve','Renals',0);
INSERT INTO creators VALUES(23,'Qishuai','Diao',0);
INSERT INTO creators VALUES(13,'Buck','Shlegeris',0);
INSERT INTO creators VALUES(21,'Ben','Krause',0);
INSERT INTO creators VALUES(110,'Surya','Ganguli',0);
INSERT INTO creators VALUES(30,'Igor','Mezić',0);
INSERT INTO creators VALUES(84,'Feryal','Behbahani',0);
INSERT INTO creators VALUES(124,'Remi','Tachet des Combes',0);
INSERT INTO creators VALUES(72,'David','Krueger',0);
INSERT INTO creators VALUES(14,'Zichen Jeff','Cui',0);
INSERT INTO creators VALUES(9,'Zehuan','Yuan',0);
INSERT INTO creators VALUES(85,'William','Gilpin',0);
INSERT INTO creators VALUES(10,'Xinlei','Chen',0);
INSERT INTO creators VALUES(48,'Samuel J.','Gershman',0);
INSERT INTO creators VALUES(40,'Shane','Legg',0);
INSERT INTO creators VALUES(95,'Carola-Bibiane','Schönlieb',0);
INSERT INTO creators VALUES(111,'Lerrel','Pinto',0);
INSERT INTO creators VALUES(135,'Fernanda','Viégas',0);
INSERT INTO creators VALUES(37,'Kate','Baumli',0);
INSERT INTO creators VALUES(79,'Adam','Trischler',0);
INSERT INTO creators VALUES(58,'Matthew J.','Colbrook',0);
INSERT INTO creators VALUES(91,'Aspen K.','Hopkins',0);
INSERT INTO creators VALUES(19,'Julian','Coda-Forno',0);
INSERT INTO creators VALUES(75,'Roger','Käppeli',0);
INSERT INTO creators VALUES(119,'','Adaptive Agent Team',1);
INSERT INTO creators VALUES(1,'Mansheej','Paul',0);
INSERT INTO creators VALUES(18,'Piotr','Dollár',0);
INSERT INTO creators VALUES(67,'Mikita','Balesni',0);
INSERT INTO creators VALUES(90,'Ariuntuya','Altanzaya',0);
INSERT INTO creators VALUES(38,'Emmanuel','de Bézenac',0);
INSERT INTO creators VALUES(17,'Matthias','Bethge',0);
INSERT INTO creators VALUES(134,'Nur Muhammad Mahi','Shafiullah',0);
INSERT INTO creators VALUES(125,'Eric','Schulz',0);
INSERT INTO creators VALUES(80,'Jerry','Chee',0);
INSERT INTO creators VALUES(46,'Alexander','Meinke',0);
INSERT INTO creators VALUES(51,'Tom','Lieberum',0);
INSERT INTO creators VALUES(77,'Tom','Everitt',0);
INSERT INTO creators VALUES(20,'Sanmi','Koyejo',0);
INSERT INTO creators VALUES(12,'Tobias','Rohner',0);
INSERT INTO creators VALUES(53,'Renato','Berlinghieri',0);
INSERT INTO creators VALUES(118,'Bronson','Schoen',0);
INSERT INTO creators VALUES(45,'Miljan','Martic',0);
INSERT INTO creators VALUES(89,'Paris','Perdikaris',0);
INSERT INTO creators VALUES(28,'François','Charton',0);
INSERT INTO creators VALUES(73,'Shyam','Sankaran',0);
INSERT INTO creators VALUES(11,'Brian','Cheung',0);
INSERT INTO creators VALUES(29,'Geoffrey J.','Gordon',0);
INSERT INTO creators VALUES(42,'Neel','Nanda',0);
INSERT INTO creators VALUES(87,'Thomas','Hofmann',0);
INSERT INTO creators VALUES(31,'Takeru','Miyato',0);
INSERT INTO creators VALUES(74,'Brando','Miranda',0);
INSERT INTO creators VALUES(97,'Jérémy','Scheurer',0);
INSERT INTO creators VALUES(27,'Yoshua','Bengio',0);
INSERT INTO creators VALUES(54,'Christopher','Ré',0);
INSERT INTO creators VALUES(100,'Joan','Bruna',0);
INSERT INTO creators VALUES(69,'Aman','Timalsina',0);
INSERT INTO creators VALUES(112,'Liwei','Wang',0);
INSERT INTO creators VALUES(106,'Hanspeter','Pfister',0);
INSERT INTO creators VALUES(82,'Jacob','Steinhardt',0);
INSERT INTO creators VALUES(66,'Blake','Bordelon',0);
INSERT INTO creators VALUES(127,'Sebastian','Borgeaud',0);
INSERT INTO creators VALUES(121,'Katie','Millican',0);
INSERT INTO creators VALUES(115,'Trevor','Cai',0);
INSERT INTO creators VALUES(60,'Kevin','Wang',0);
INSERT INTO creators VALUES(2,'Yunzhen','Feng',0);
INSERT INTO creators VALUES(70,'Elvis','Dohmatob',0);
INSERT INTO creators VALUES(117,'Christopher','De Sa',0);
INSERT INTO creators VALUES(102,'Jan','Stanczuk',0);
INSERT INTO creators VALUES(92,'Sindy','Löwe',0);
INSERT INTO creators VALUES(130,'Tamara','Broderick',0);
INSERT INTO creators VALUES(39,'Albert','Gu',0);
INSERT INTO creators VALUES(41,'Marius','Hobbhahn',0);
INSERT INTO creators VALUES(26,'Martin','Wattenberg',0);
INSERT INTO creators VALUES(16,'Gregor','Bachmann',0);
INSERT INTO creators VALUES(78,'Jess','Smith',0);
INSERT INTO creators VALUES(109,'Mariya','Toneva',0);
INSERT INTO creators VALUES(129,'Teo','Deveney',0);
INSERT INTO creators VALUES(99,'Bogdan','Raonić',0);
INSERT INTO creators VALUES(63,'Jan','Leike',0);
INSERT INTO creators VALUES(113,'Julia','Kempe',0);
INSERT INTO creators VALUES(52,'Lawrence','Chan',0);
INSERT INTO creators VALUES(96,'Pu','Yang',0);
INSERT INTO creators VALUES(131,'Rylan','Schaeffer',0);
INSERT INTO creators VALUES(114,'Lisa Maria','Kreusser',0);
INSERT INTO creators VALUES(25,'Francis','Song',0);
INSERT INTO creators VALUES(103,'Keyu','Tian',0);
INSERT INTO creators VALUES(105,'Iain','Murray',0);
INSERT INTO creators VALUES(83,'David','Brandfonbrener',0);
INSERT INTO creators VALUES(33,'Avishkar','Bhoopchand',0);
INSERT INTO creators VALUES(126,'Alessandro','Sordoni',0);
INSERT INTO creators VALUES(32,'Qingyao','Sun',0);
INSERT INTO creators VALUES(62,'Minyoung','Huh',0);
INSERT INTO creators VALUES(122,'Ross','Girshick',0);
INSERT INTO creators VALUES(15,'Volodymyr','Kuleshov',0);
INSERT INTO itemCreators VALUES(30,64,8,0);
INSERT INTO itemCreators VALUES(16,11,8,1);
INSERT INTO itemCreators VALUES(1,128,8,2);
INSERT INTO itemCreators VALUES(7,95,8,4);
INSERT INTO itemCreators VALUES(32,107,8,3);
INSERT INTO itemCreators VALUES(17,77,8,2);
INSERT INTO itemCreators VALUES(27,74,8,1);
INSERT INTO itemCreators VALUES(2,104,8,1);
INSERT INTO itemCreators VALUES(25,125,8,5);
INSERT INTO itemCreators VALUES(10,134,8,0);
INSERT INTO itemCreators VALUES(25,17,8,4);
INSERT INTO itemCreators VALUES(17,94,8,4);
INSERT INTO itemCreators VALUES(2,9,8,5);
INSERT INTO itemCreators VALUES(20,1,8,0);
INSERT INTO itemCreators VALUES(8,96,8,2);
INSERT INTO itemCreators VALUES(19,97,8,2);
INSERT INTO itemCreators VALUES(18,82,8,4);
INSERT INTO itemCreators VALUES(4,93,8,0);
INSERT INTO itemCreators VALUES(30,71,8,3);
INSERT INTO itemCreators VALUES(22,30,8,1);
INSERT INTO itemCreators VALUES(18,51,8,2);
INSERT INTO itemCreators VALUES(32,34,8,1);
INSERT INTO itemCreators VALUES(13,15,8,3);
INSERT INTO itemCreators VALUES(11,126,8,1);
INSERT INTO itemCreators VALUES(14,60,8,0);
INSERT INTO itemCreators VALUES(26,123,8,1);
INSERT INTO itemCreators VALUES(28,4,8,3);
INSERT INTO itemCreators VALUES(7,114,8,2);
INSERT INTO itemCreators VALUES(19,46,8,0);
INSERT INTO itemCreators VALUES(27,20,8,2);
INSERT INTO itemCreators VALUES(20,36,8,2);
INSERT INTO itemCreators VALUES(14,49,8,2);
INSERT INTO itemCreators VALUES(10,14,8,1);
INSERT INTO itemCreators VALUES(20,110,8,1);
INSERT INTO itemCreators VALUES(31,98,8,1);
INSERT INTO itemCreators VALUES(2,103,8,0);
INSERT INTO itemCreators VALUES(19,67,8,3);
INSERT INTO itemCreators VALUES(22,58,8,0);
INSERT INTO itemCreators VALUES(8,70,8,0);
INSERT INTO itemCreators VALUES(14,56,8,1);
INSERT INTO itemCreators VALUES(7,129,8,0);
INSERT INTO itemCreators VALUES(10,111,8,3);
INSERT INTO itemCreators VALUES(31,83,8,0);
INSERT INTO itemCreators VALUES(19,41,8,5);
INSERT INTO itemCreators VALUES(23,89,8,2);
INSERT INTO itemCreators VALUES(15,120,8,3);
INSERT INTO itemCreators VALUES(17,40,8,5);
INSERT INTO itemCreators VALUES(30,48,8,2);
INSERT INTO itemCreators VALUES(1,122,8,5);
INSERT INTO itemCreators VALUES(28,105,8,2);
INSERT INTO itemCreators VALUES(4,53,8,1);
INSERT INTO itemCreators VALUES(9,25,8,5);
INSERT INTO itemCreators VALUES(1,18,8,4);
INSERT INTO itemCreators VALUES(14,82,8,4);
INSERT INTO itemCreators VALUES(23,73,8,1);
INSERT INTO itemCreators VALUES(8,113,8,4);
INSERT INTO itemCreators VALUES(13,117,8,4);
INSERT INTO itemCreators VALUES(23,86,8,0);
INSERT INTO itemCreators VALUES(5,68,8,0);
INSERT INTO itemCreators VALUES(11,109,8,0);
INSERT INTO itemCreators VALUES(11,79,8,3);
INSERT INTO itemCreators VALUES(25,44,8,0);
INSERT INTO itemCreators VALUES(6,101,8,4);
INSERT INTO itemCreators VALUES(13,7,8,0);
INSERT INTO itemCreators VALUES(26,87,8,2);
INSERT INTO itemCreators VALUES(3,54,8,4);
INSERT INTO itemCreators VALUES(3,69,8,2);
INSERT INTO itemCreators VALUES(25,19,8,2);
INSERT INTO itemCreators VALUES(6,75,8,3);
INSERT INTO itemCreators VALUES(16,35,8,3);
INSERT INTO itemCreators VALUES(21,133,8,0);
INSERT INTO itemCreators VALUES(17,72,8,1);
INSERT INTO itemCreators VALUES(22,81,8,2);
INSERT INTO itemCreators VALUES(18,78,8,3);
INSERT INTO itemCreators VALUES(24,116,8,3);
INSERT INTO itemCreators VALUES(1,88,8,3);
INSERT INTO itemCreators VALUES(15,76,8,1);
INSERT INTO itemCreators VALUES(17,63,8,0);
INSERT INTO itemCreators VALUES(11,124,8,2);
INSERT INTO itemCreators VALUES(9,115,8,2);
INSERT INTO itemCreators VALUES(16,57,8,2);
INSERT INTO itemCreators VALUES(18,52,8,1);
INSERT INTO itemCreators VALUES(3,132,8,3);
INSERT INTO itemCreators VALUES(18,42,8,0);
INSERT INTO itemCreators VALUES(2,112,8,4);
INSERT INTO itemCreators VALUES(11,29,8,5);
INSERT INTO itemCreators VALUES(32,35,8,2);
INSERT INTO itemCreators VALUES(25,65,8,3);
INSERT INTO itemCreators VALUES(29,85,8,0);
INSERT INTO itemCreators VALUES(3,39,8,0);
INSERT INTO itemCreators VALUES(8,28,8,3);
INSERT INTO itemCreators VALUES(15,33,8,5);
INSERT INTO itemCreators VALUES(9,50,8,0);
INSERT INTO itemCreators VALUES(5,59,8,2);
INSERT INTO itemCreators VALUES(19,108,8,4);
INSERT INTO itemCreators VALUES(13,32,8,2);
INSERT INTO itemCreators VALUES(30,66,8,1);
INSERT INTO itemCreators VALUES(5,135,8,3);
INSERT INTO itemCreators VALUES(24,22,8,2);
INSERT INTO itemCreators VALUES(7,102,8,1);
INSERT INTO itemCreators VALUES(16,62,8,0);
INSERT INTO itemCreators VALUES(1,55,8,0);
INSERT INTO itemCreators VALUES(9,127,8,1);
INSERT INTO itemCreators VALUES(9,6,8,4);
INSERT INTO itemCreators VALUES(6,99,8,1);
INSERT INTO itemCreators VALUES(9,121,8,3);
INSERT INTO itemCreators VALUES(19,118,8,1);
INSERT INTO itemCreators VALUES(4,130,8,2);
INSERT INTO itemCreators VALUES(5,106,8,4);
INSERT INTO itemCreators VALUES(31,100,8,2);
INSERT INTO itemCreators VALUES(6,38,8,5);
INSERT INTO itemCreators VALUES(3,5,8,1);
INSERT INTO itemCreators VALUES(24,31,8,0);
INSERT INTO itemCreators VALUES(15,119,8,0);
INSERT INTO itemCreators VALUES(5,26,8,5);
INSERT INTO itemCreators VALUES(14,13,8,3);
INSERT INTO itemCreators VALUES(2,23,8,2);
INSERT INTO itemCreators VALUES(17,45,8,3);
INSERT INTO itemCreators VALUES(8,2,8,1);
INSERT INTO itemCreators VALUES(10,90,8,2);
INSERT INTO itemCreators VALUES(7,43,8,3);
INSERT INTO itemCreators VALUES(24,92,8,1);
INSERT INTO itemCreators VALUES(26,16,8,0);
INSERT INTO itemCreators VALUES(12,85,8,0);
INSERT INTO itemCreators VALUES(15,37,8,2);
INSERT INTO itemCreators VALUES(25,24,8,1);
INSERT INTO itemCreators VALUES(6,12,8,2);
INSERT INTO itemCreators VALUES(27,131,8,0);
INSERT INTO itemCreators VALUES(11,27,8,4);
INSERT INTO itemCreators VALUES(13,80,8,1);
INSERT INTO itemCreators VALUES(2,3,8,3);
INSERT INTO itemCreators VALUES(6,47,8,0);
INSERT INTO itemCreators VALUES(28,21,8,0);
INSERT INTO itemCreators VALUES(28,61,8,1);
INSERT INTO itemCreators VALUES(32,8,8,0);
INSERT INTO itemCreators VALUES(5,91,8,1);
INSERT INTO itemCreators VALUES(1,10,8,1);
INSERT INTO itemCreators VALUES(15,84,8,4);
INSERT INTO itemAttachments VALUES(33,1,1,'application/pdf',NULL,'storage:He et al. - 2021 - Masked Autoencoders Are Scalable Vision Learners.pdf',2,1735891241000,'5d41402abc4b2a76b9719d911017c592',NULL);
INSERT INTO itemNotes VALUES(34,2,'<div data-schema-version="9"><p>Compare with MAE: sparse convolution instead of dropping tokens.</p>
</div>','Compare with MAE: sparse convolution instead of dropping tokens.');
INSERT INTO deletedItems VALUES(24,'2025-04-02 09:15:27');
INSERT INTO collections VALUES(1,'PaperQA reading list',NULL,'2025-01-03 07:58:10',1,'C4HT9QWE',12,1);
INSERT INTO collections VALUES(2,'Scaling',1,'2025-02-20 16:02:44',1,'S8M2VKXA',7,1);
INSERT INTO collectionItems VALUES(1,1,0);
INSERT INTO collectionItems VALUES(1,2,1);
INSERT INTO collectionItems VALUES(1,3,2);
INSERT INTO collectionItems VALUES(1,4,3);
INSERT INTO collectionItems VALUES(1,5,4);
INSERT INTO collectionItems VALUES(1,6,5);
INSERT INTO collectionItems VALUES(1,7,6);
INSERT INTO collectionItems VALUES(1,8,7);
INSERT INTO collectionItems VALUES(1,9,8);
INSERT INTO collectionItems VALUES(1,10,9);
INSERT INTO collectionItems VALUES(1,11,10);
INSERT INTO collectionItems VALUES(1,12,11);
INSERT INTO collectionItems VALUES(1,13,12);
INSERT INTO collectionItems VALUES(1,14,13);
INSERT INTO collectionItems VALUES(1,15,14);
INSERT INTO collectionItems VALUES(1,16,15);
INSERT INTO collectionItems VALUES(1,17,16);
INSERT INTO collectionItems VALUES(1,18,17);
INSERT INTO collectionItems VALUES(1,19,18);
INSERT INTO collectionItems VALUES(1,20,19);
INSERT INTO collectionItems VALUES(1,21,20);
INSERT INTO collectionItems VALUES(1,22,21);
INSERT INTO collectionItems VALUES(1,23,22);
INSERT INTO collectionItems VALUES(1,24,23);
INSERT INTO collectionItems VALUES(1,25,24);
INSERT INTO collectionItems VALUES(1,26,25);
INSERT INTO collectionItems VALUES(1,27,26);
INSERT INTO collectionItems VALUES(1,28,27);
INSERT INTO collectionItems VALUES(1,29,28);
INSERT INTO collectionItems VALUES(1,30,29);
INSERT INTO collectionItems VALUES(1,31,30);
INSERT INTO collectionItems VALUES(1,32,31);
INSERT INTO collectionItems VALUES(2,9,0);
INSERT INTO collectionItems VALUES(2,27,1);
INSERT INTO collectionItems VALUES(2,8,2);
