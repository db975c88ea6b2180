"""Reads over the journal: balances, the escrow sub-ledger, shop statements, integrity checks."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from mall.ledger.models import Account, Entry, Line


def account_balance(code: str) -> int:
    """Σ lines of the account (debits positive)."""
    return Line.objects.filter(account__code=code).aggregate(total=Sum("amount"))["total"] or 0


def escrow_balance(reference: str) -> int:
    """Fen held in escrow for one reference (e.g. an order), as a positive number."""
    lines = Line.objects.filter(account__code="escrow", reference=reference)
    return -(lines.aggregate(total=Sum("amount"))["total"] or 0)


def escrow_held(references) -> int:
    """Fen held in escrow for these references (a list or a subquery of them), positive."""
    lines = Line.objects.filter(account__code="escrow", reference__in=references)
    return -(lines.aggregate(total=Sum("amount"))["total"] or 0)


def account_total(code: str, reference: str) -> int:
    """Σ of the account's lines carrying this reference (debits positive)."""
    lines = Line.objects.filter(account__code=code, reference=reference)
    return lines.aggregate(total=Sum("amount"))["total"] or 0


def is_posted(reason: str) -> bool:
    return Entry.objects.filter(reason=reason).exists()


def trial_balance() -> int:
    """Σ of every line: zero when the books balance."""
    return Line.objects.aggregate(total=Sum("amount"))["total"] or 0


def unbalanced_entries() -> list[str]:
    """Reasons of entries whose lines do not sum to zero or that have fewer than two lines."""
    entries = Entry.objects.annotate(total=Sum("lines__amount"), count=Count("lines"))
    broken = entries.filter(Q(total__isnull=True) | ~Q(total=0) | Q(count__lt=2))
    return list(broken.values_list("reason", flat=True))


def accounts_out_of_step() -> list[tuple[str, int, int]]:
    """(code, stored balance, Σ lines) for every account whose stored balance is wrong."""
    accounts = Account.objects.annotate(posted=Sum("lines__amount")).order_by("code")
    return [
        (account.code, account.balance, account.posted or 0)
        for account in accounts
        if account.balance != (account.posted or 0)
    ]


def overdrawn_escrow() -> list[tuple[str, int]]:
    """Escrow references that gave out more than they received (a debit balance)."""
    rows = (
        Line.objects.filter(account__code="escrow")
        .values("reference")
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
        .order_by("reference")
    )
    return [(row["reference"], row["total"]) for row in rows]


@dataclass(frozen=True)
class StatementRow:
    at: dt.datetime
    reason: str
    reference: str
    kind: str  # "goods", "commission", "refund", "payout", "other"
    amount: int  # from the shop's side: positive = the platform owes the shop more
    balance: int


@dataclass(frozen=True)
class Statement:
    shop_id: int
    start: dt.date
    end: dt.date  # inclusive
    opening: int
    rows: list[StatementRow]

    @property
    def closing(self) -> int:
        return self.rows[-1].balance if self.rows else self.opening

    @property
    def income(self) -> int:
        return sum(row.amount for row in self.rows if row.amount > 0)

    @property
    def deductions(self) -> int:
        return sum(row.amount for row in self.rows if row.amount < 0)


def shop_statement(shop_id: int, start: dt.date, end: dt.date) -> Statement:
    """The shop's payable account between two local dates (inclusive), oldest first."""
    lines = Line.objects.filter(account__code=f"payable:{shop_id}")
    since, until = _local_midnight(start), _local_midnight(end + dt.timedelta(days=1))
    opening = lines.filter(entry__created_at__lt=since).aggregate(total=Sum("amount"))["total"]
    balance = -(opening or 0)
    rows = []
    period = lines.filter(entry__created_at__gte=since, entry__created_at__lt=until)
    for line in period.select_related("entry").order_by("entry__created_at", "pk"):
        balance -= line.amount
        rows.append(
            StatementRow(
                at=line.entry.created_at,
                reason=line.entry.reason,
                reference=line.reference,
                kind=_row_kind(line.entry.reason, line.amount),
                amount=-line.amount,
                balance=balance,
            )
        )
    return Statement(shop_id=shop_id, start=start, end=end, opening=-(opening or 0), rows=rows)


def _row_kind(reason: str, amount: int) -> str:
    prefix = reason.split(":", 1)[0]
    if prefix == "settle":
        return "goods" if amount < 0 else "commission"
    return {"refund": "refund", "aftersale": "refund", "payout": "payout"}.get(prefix, "other")


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
