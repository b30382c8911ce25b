// Placeholder: the scope tree lands here (issue 3).
