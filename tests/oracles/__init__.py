"""Independent evaluators and reference scans the tests hold the models against."""
