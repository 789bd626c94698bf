"""Present: answers and papers in the forms people read and reuse: terminal text, Markdown and JSON with
references, the page's escaped HTML, the library a page at a time, and eval questions from the history."""
