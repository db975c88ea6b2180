import pytest
from django.core.management import CommandError, call_command

from mall.ledger.models import Account, Line
from mall.ledger.services import Line as Posting
from mall.ledger.services import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    post("pay:1", [Posting("gateway:sandbox", 1000), Posting("escrow", -1000, "order:1")])
    post("refund:1", [Posting("escrow", 400, "order:1"), Posting("gateway:sandbox", -400)])


def test_balanced_books_pass(books, capsys):
    call_command("check_ledger")

    assert "账本平衡" in capsys.readouterr().out


def test_an_unbalanced_entry_fails_the_check(books):
    Line.objects.filter(account__code="escrow", amount=400).update(amount=300)
    Account.objects.filter(code="escrow").update(balance=-700)

    with pytest.raises(CommandError, match="refund:1"):
        call_command("check_ledger")


def test_a_stored_balance_that_disagrees_with_its_lines_fails_the_check(books):
    Account.objects.filter(code="gateway:sandbox").update(balance=1000)

    with pytest.raises(CommandError, match="gateway:sandbox"):
        call_command("check_ledger")


def test_an_overdrawn_escrow_reference_fails_the_check(books):
    post("refund:2", [Posting("escrow", 700, "order:1"), Posting("gateway:sandbox", -700)])

    with pytest.raises(CommandError, match="order:1"):
        call_command("check_ledger")


def test_the_command_exits_non_zero(books):
    from django.core.management import ManagementUtility

    Account.objects.filter(code="escrow").update(balance=0)
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "check_ledger"]).execute()

    assert exited.value.code != 0
