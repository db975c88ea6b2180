import subprocess
import sys
from pathlib import Path

import mall

# `mall/__init__.py` starts Celery (which loads Django), so the probe stands in an empty `mall`
# package and imports only the pricing package from it.
PROBE = """
import sys, types
package = types.ModuleType("mall")
package.__path__ = [{mall_dir!r}]
sys.modules["mall"] = package
import mall.pricing, mall.pricing.freight, mall.pricing.engine
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_importing_pricing_imports_no_django():
    probe = PROBE.format(mall_dir=str(Path(mall.__file__).parent))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
