"""Announcing alerts: which are new since the last round, the webhook's JSON, what was sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from frenemy.analysis.alerts import Alert
from frenemy.store import Store

__all__ = ["alert_dict", "alert_key", "alert_line", "unannounced", "pending", "record",
           "post_alerts"]


def alert_key(alert: Alert) -> str:
    """An escalation is known by its dyad and first week: later rounds may extend it (its
    end and score grow), which does not make it new."""
    return f"{alert.dyad}:{alert.start.isoformat()}"


def alert_line(alert: Alert) -> str:
    """One line saying what an alert is, for terminals and chat webhooks."""
    return (f"{alert.dyad}: {alert.level} escalation from {alert.start} to {alert.end}, "
            f"score {alert.score:g} (p = {alert.p_value:.2g})")


def unannounced(store: Store, found: list[Alert]) -> list[Alert]:
    """The alerts no earlier round announced, in the order found."""
    keys = [alert_key(a) for a in found]
    known = {k for (k,) in store.sql("SELECT alert_key FROM announced_alerts WHERE alert_key "
                                     "IN (SELECT unnest(?))", [keys])} if keys else set()
    return [a for a, k in zip(found, keys, strict=True) if k not in known]


def pending(store: Store, found: list[Alert]) -> list[dict[str, Any]]:
    """Announced alerts the webhook has not taken yet: as found now where they still are,
    else as they were announced."""
    current = {alert_key(a): a for a in found}
    rows = store.sql('SELECT alert_key, dyad, start, "end", level, score FROM announced_alerts '
                     "WHERE pending ORDER BY announced, alert_key")
    return [alert_dict(current[key]) if key in current else
            {"dyad": dyad, "start": start.isoformat(), "end": end.isoformat(), "level": level,
             "score": score}
            for key, dyad, start, end, level, score in rows]


def record(store: Store, announced: list[Alert], *, undelivered: bool, delivered: bool
           ) -> None:
    """Remember the alerts announced this round; ``undelivered``: the webhook failed them
    (sent again next round); ``delivered``: the webhook took the pending ones too."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction("announced alerts", "alerts already announced are not again"):
        if delivered:
            store.conn.execute("UPDATE announced_alerts SET pending = false WHERE pending")
        for alert in announced:
            store.conn.execute("INSERT OR IGNORE INTO announced_alerts VALUES "
                               "(?, ?, ?, ?, ?, ?, ?, ?)",
                               [alert_key(alert), alert.dyad, alert.start, alert.end,
                                alert.level, alert.score, now, undelivered])


def _jsonable(value: Any) -> Any:
    """Dates as ISO strings, everything else as it is (for json.dumps)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def alert_dict(alert: Alert) -> dict[str, Any]:
    """An alert as JSON takes it: the keys of `frenemy alerts --json`, dates as ISO text."""
    return dict(_jsonable(alert.to_dict()))


def post_alerts(url: str, announced: list[Alert], retried: list[dict[str, Any]],
                timeout: float = 20.0) -> str | None:
    """POST the alerts as one JSON object ({"text": ..., "alerts": [...]}; "text" is what
    chat webhooks show). Returns None when the webhook took them, else what went wrong."""
    import httpx

    alerts = [alert_dict(a) for a in announced] + retried
    lines = [alert_line(a) for a in announced] + [
        f"{a['dyad']}: {a['level']} escalation from {a['start']} to {a['end']} (sent again)"
        for a in retried]
    payload = {"text": f"frenemy: {len(alerts)} alert{'s' if len(alerts) != 1 else ''}:\n"
                       + "\n".join(lines), "alerts": alerts}
    try:
        response = httpx.post(url, content=json.dumps(payload, ensure_ascii=False),
                              headers={"Content-Type": "application/json"}, timeout=timeout)
    except httpx.HTTPError as exc:
        return f"cannot POST to {url} ({exc})"
    if response.is_success:
        return None
    return f"{url} answered HTTP {response.status_code}"
