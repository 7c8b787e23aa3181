"""One number format (planner.numbers)."""

from __future__ import annotations

from planner.compare import METRICS_BY_KEY
from planner.numbers import count_text, delta_colour, delta_text, metric_text, share_text


def test_counts_have_thousands_separators_and_shares_are_percentages() -> None:
    assert count_text(5912) == "5,912"
    assert count_text(None) == "—"
    assert count_text(float("nan")) == "—"
    assert share_text(0.9361) == "93.6%"
    assert metric_text(METRICS_BY_KEY["first_choice_share"], 0.9361) == "93.6%"
    assert metric_text(METRICS_BY_KEY["comprehensive_members"], 1234.0) == "1,234"


def test_deltas_say_the_change_and_are_green_only_when_better() -> None:
    branches, broken, largest = (METRICS_BY_KEY[k] for k in ("branches", "rules_broken", "largest"))
    share = METRICS_BY_KEY["first_choice_share"]
    assert delta_text(branches, 10, 11) == "+1"
    assert delta_text(share, 0.9, 0.85) == "-5.0 pp"
    assert delta_text(broken, 2, 2) is None
    # a trade-off is never coloured; fewer broken rules or a smaller largest branch is better
    assert delta_colour(branches) == "off"
    assert delta_colour(broken) == "inverse"
    assert delta_colour(largest) == "inverse"
    assert delta_colour(share) == "normal"
