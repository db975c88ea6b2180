import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mall.ledger import selectors
from mall.ledger.models import Account, Entry, Line
from mall.ledger.services import Line as Posting
from mall.ledger.services import post

pytestmark = pytest.mark.django_db


def test_a_balanced_entry_moves_account_balances():
    post("pay:1", [Posting("gateway:sandbox", 3000), Posting("escrow", -3000, "order:1")])

    assert selectors.account_balance("gateway:sandbox") == 3000
    assert Account.objects.get(code="escrow").balance == -3000
    assert selectors.escrow_balance("order:1") == 3000


def test_an_unbalanced_entry_is_refused_and_writes_nothing():
    with pytest.raises(ValueError, match="不平"):
        post("pay:1", [Posting("gateway:sandbox", 3000), Posting("escrow", -2999)])

    assert not Entry.objects.exists()
    assert not Line.objects.exists()


@pytest.mark.parametrize(
    "lines",
    [
        [Posting("gateway:sandbox", 0), Posting("escrow", 0)],
        [Posting("gateway:sandbox", 10), Posting("nowhere", -10)],
    ],
)
def test_empty_or_unknown_account_entries_are_refused(lines):
    with pytest.raises(ValueError):
        post("x:1", lines)


def test_a_replayed_reason_posts_once():
    lines = [Posting("gateway:alipay", 500), Posting("escrow", -500, "order:9")]
    first = post("pay:9", lines)
    again = post("pay:9", lines)

    assert again.pk == first.pk
    assert selectors.escrow_balance("order:9") == 500
    assert Line.objects.count() == 2


accounts = st.sampled_from(
    ["gateway:sandbox", "gateway:alipay", "escrow", "payable:1", "revenue:commission", "cash:bank"]
)
postings = st.lists(
    st.tuples(accounts, st.integers(min_value=-(10**9), max_value=10**9).filter(bool)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=8), postings), max_size=12))
def test_any_sequence_of_posts_keeps_the_trial_balance_at_zero(events):
    Line.objects.all().delete()
    Entry.objects.all().delete()
    Account.objects.all().delete()
    posted: dict[str, int] = {}
    for number, amounts in events:
        lines = [Posting(code, amount) for code, amount in amounts]
        lines.append(Posting("cash:bank", -sum(amount for _code, amount in amounts)))
        try:
            post(f"event:{number}", lines)
        except ValueError:
            continue  # everything cancelled out: nothing to post
        posted.setdefault(f"event:{number}", 0)

    assert selectors.trial_balance() == 0
    assert sum(Account.objects.values_list("balance", flat=True)) == 0
    assert selectors.accounts_out_of_step() == []
    assert selectors.unbalanced_entries() == []
    assert Entry.objects.count() == len(posted)
