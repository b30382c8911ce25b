// Placeholder: the strict HTTP/1.1 parser lands here (issue 4).
