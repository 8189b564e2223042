"""The dashboard's bar chart, computed here and drawn as inline SVG by the template.

One stacked bar per service: answered on time, answered late, overdue, still awaiting. Bars
grow from the reading start: in right-to-left languages every x is mirrored here, so the SVG
needs no transform and its text is never drawn backwards. Texts are anchored at their "start",
which SVG reads in the text's direction: the right edge of a right-to-left label sits at its x.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from council.i18n import language
from council.recommendations.labels import STANDING_LABELS
from council.recommendations.queries import Standing

WIDTH = 640
BAR_HEIGHT = 26
LABEL_HEIGHT = 22
ROW_GAP = 14
TOP = 8
ORDER = (Standing.ON_TIME, Standing.LATE, Standing.OVERDUE, Standing.AWAITING)


@dataclass
class Segment:
    standing: str
    label: str
    count: int
    x: float
    width: float

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2


@dataclass
class Row:
    name: str
    label_y: float
    bar_y: float
    total: int
    end_x: float = 0.0
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    rows: list[Row]
    height: int
    rtl: bool
    legend: list[tuple[str, str]]
    summary: str

    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return WIDTH if self.rtl else 0


def standing_chart(figures, locale: str) -> Chart:
    rtl = language(locale).direction == "rtl"
    scale_max = max((f.received for f in figures), default=0) or 1
    usable = WIDTH - 40  # room for the total after the bar
    rows, y = [], TOP
    for figure in figures:
        row = Row(
            figure.service.name_in(locale), y + LABEL_HEIGHT - 6, y + LABEL_HEIGHT, figure.received
        )
        offset = 0.0
        for key in ORDER:
            count = figure.standings.get(key, 0)
            if not count:
                continue
            width = usable * count / scale_max
            x = WIDTH - offset - width if rtl else offset
            row.segments.append(Segment(key.value, str(STANDING_LABELS[key]), count, x, width))
            offset += width
        row.end_x = (WIDTH - offset - 6) if rtl else offset + 6
        rows.append(row)
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    legend = [(key.value, str(STANDING_LABELS[key])) for key in ORDER]
    summary = "; ".join(
        _(
            "%(service)s: %(received)d received, %(on_time)d answered on time, "
            "%(late)d answered late, %(overdue)d overdue",
            service=f.service.name_in(locale),
            received=f.received,
            on_time=f.standings.get(Standing.ON_TIME, 0),
            late=f.standings.get(Standing.LATE, 0),
            overdue=f.standings.get(Standing.OVERDUE, 0),
        )
        for f in figures
    )
    return Chart(rows, max(y, TOP + 1), rtl, legend, summary)
