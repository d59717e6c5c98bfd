"""PETRARCH formats, dictionaries, the dictionary coder and the validation suites."""
