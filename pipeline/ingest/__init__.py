"""The write side: find papers, extract them (here or on workers), store each one,
and re-tag stored text."""
