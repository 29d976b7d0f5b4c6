"""Typical wrong answers per lesson: one module per lesson, named like its exercise module."""
