from bench.__main__ import parse_args, plan


def names(*argv: str) -> list[str]:
    return [name for name, _step in plan(parse_args(list(argv)))]


def test_checkout_runs_alone_or_last_in_all():
    assert names("checkout") == ["checkout"]
    assert names("all") == ["pages", "seed", "search", "checkout", "pricing"]
    assert names() == ["pages"]


def test_checkout_takes_the_window_and_the_number_of_shoppers():
    args = parse_args(["checkout", "--seconds", "7", "--clients", "3"])
    assert (args.seconds, args.clients) == (7, 3)


def test_pricing_runs_alone():
    assert names("pricing") == ["pricing"]
