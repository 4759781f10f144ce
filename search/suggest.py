"""Completions for the search box, from the suggestion vocabulary (search/vocabulary.py):
page titles with their URL, topics and labels, matched by their folded text, their fuzzy
pinyin or their initials, with indexed database lookups only. The same on every backend, and
never waiting on the search engine."""

from . import vocabulary

LIMIT = vocabulary.LIMIT


def suggestions(query):
    return vocabulary.suggest(query, LIMIT)
