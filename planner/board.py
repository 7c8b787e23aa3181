"""The Tweak page's live board: one row per branch of an area after the edits, with what a
workshop looks at (size, full members, candidates, the bedridden and limited-mobility share,
party groups, broken rules) and the change since the scenario it was made from."""

from __future__ import annotations

import pandas as pd

from planner.plan import Plan

#: columns of :func:`branch_board`
BOARD_COLUMNS: tuple[str, ...] = (
    "branch_id",
    "name",
    "kind",
    "size",
    "size_change",  # members more (+) or fewer (-) than in the scenario; the size for a new branch
    "full_members",
    "candidates",
    "mobility_share",  # bedridden and limited-mobility members / size (0 for an empty branch)
    "groups",
    "broken",  # rules this branch breaks now
    "new_broken",  # of which the scenario did not break
    "is_new",  # the branch is not in the scenario
)


def _broken_keys(plan: Plan, area: str) -> pd.DataFrame:
    v = plan.violations
    return v.loc[v["area"] == area, ["branch_id", "rule", "subject", "detail"]].astype(str)


def branch_board(base: Plan, after: Plan, area: str) -> pd.DataFrame:
    """Branches of ``area`` in ``after`` (the edited plan) compared with ``base`` (the scenario);
    BOARD_COLUMNS, in ``after``'s branch order."""
    b = after.branches[after.branches["area"] == area]
    before_sizes = base.branches.set_index("branch_id")["size"] if len(base.branches) else pd.Series()
    groups = after.groups.groupby("branch_id").size() if len(after.groups) else pd.Series(dtype=int)
    now, then = _broken_keys(after, area), _broken_keys(base, area)
    then_keys = set(map(tuple, then.to_numpy().tolist()))
    is_fresh = pd.Series([tuple(row) not in then_keys for row in now.to_numpy().tolist()], dtype=bool)
    fresh = now.loc[is_fresh.to_numpy()]
    broken = now.groupby("branch_id").size()
    new_broken = fresh.groupby("branch_id").size()
    rows = []
    for row in b.to_dict("records"):
        bid = str(row["branch_id"])
        size = int(row.get("size", 0) or 0)
        known = bid in before_sizes.index
        rows.append(
            {
                "branch_id": bid,
                "name": str(row["name"]),
                "kind": str(row["kind"]),
                "size": size,
                "size_change": size - int(before_sizes[bid]) if known else size,
                "full_members": int(row.get("full_members", 0) or 0),
                "candidates": int(row.get("candidates", 0) or 0),
                "mobility_share": (int(row.get("mobility", 0) or 0) / size) if size else 0.0,
                "groups": int(groups.get(bid, 0)),
                "broken": int(broken.get(bid, 0)),
                "new_broken": int(new_broken.get(bid, 0)),
                "is_new": not known,
            }
        )
    return pd.DataFrame(rows, columns=list(BOARD_COLUMNS))
