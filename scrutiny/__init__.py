"""scrutiny: council scrutiny papers (PDF and Word) to a store researchers can query.

The public Python API; the ``scrutiny`` command mirrors it::

    import scrutiny

    doc = scrutiny.extract("papers/young-carers-2013.pdf")      # no store needed
    store = scrutiny.open_store("data/scrutiny.db", create=True) # a path or a URL
    store.ingest(["papers/"])
    store.search("young carers", year_from=2012, year_to=2014)
    store.themes(by="year", year_from=2012)                      # a DataFrame
    store.recommendations(council="plymouth", status="in_progress")
    store.history(24)                                            # a recommendation_id
    store.export("updates.csv")
    store.report("report.html")

Vocabulary, used the same way everywhere: an *item* is one recommendation with its
progress as extraction finds it in one paper; stored, the progress becomes a
*progress update*, and the recommendations that the same council follows across
papers are linked into one *recommendation*, whose id is its ``recommendation_id``.
Periods are whole years, ``year_from`` and ``year_to``, both inclusive.

Opening a store to read it never creates one: a path or URL naming no store raises
:class:`StoreMissing` (a :class:`StoreFault`, whose message says what to do).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrutiny.api import Store, extract, open_store
    from scrutiny.models.faults import StoreFault, StoreMissing, StoreOutdated

try:
    __version__ = version("scrutiny")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["Store", "StoreFault", "StoreMissing", "StoreOutdated", "__version__", "extract", "open_store"]

# The API is loaded when first used, not when the package is imported: the command
# line and the readers import scrutiny's sub-packages, and need not pay for the
# database layer to start.
_EXPORTS = {
    "Store": "scrutiny.api",
    "extract": "scrutiny.api",
    "open_store": "scrutiny.api",
    "StoreFault": "scrutiny.models.faults",
    "StoreMissing": "scrutiny.models.faults",
    "StoreOutdated": "scrutiny.models.faults",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'scrutiny' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
