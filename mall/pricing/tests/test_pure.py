import subprocess
import sys


def test_importing_pricing_imports_no_django():
    probe = (
        "import sys, mall.pricing, mall.pricing.freight; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
