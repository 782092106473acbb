"""Charts of the store's figures, drawn with matplotlib off-screen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CHART_SUFFIXES = (".png", ".svg", ".pdf")


def plot_themes(frame: pd.DataFrame, path: str | Path, *, by: str = "year", top: int = 8) -> Path:
    """Recommendations per theme per period as grouped bars; the `top` themes only,
    so the chart stays readable."""
    path = Path(path)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise ValueError(f"chart must be .png, .svg or .pdf, not {path.suffix or '(none)'}")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(10, 5.5), dpi=100)
    try:
        if frame.empty:
            axes.text(0.5, 0.5, "No tagged recommendations", ha="center", va="center")
            axes.set_axis_off()
        else:
            totals = frame.groupby("theme")["recommendations"].sum().sort_values(ascending=False)
            keep = list(totals.index[:top])
            table = (
                frame[frame["theme"].isin(keep)]
                .pivot_table(index="period", columns="theme", values="recommendations", aggfunc="sum", fill_value=0)
                .reindex(columns=keep)
            )
            table.plot(kind="bar", ax=axes, width=0.8)
            axes.set_xlabel(by)
            axes.set_ylabel("recommendations")
            axes.set_title(f"Recommendations by theme and {by}")
            axes.legend(title="theme", fontsize="small", ncols=2)
            axes.tick_params(axis="x", labelrotation=0 if by == "year" else 30)
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path)
    finally:
        pyplot.close(figure)
    return path
