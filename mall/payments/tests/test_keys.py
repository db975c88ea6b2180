import threading

import pytest

from mall.payments import crypto, selectors
from mall.payments.gateways import get_gateway


def test_the_sandbox_key_is_generated_once_and_kept_private(settings, tmp_path):
    path = tmp_path / "var" / "payments" / "sandbox.pem"
    settings.PAYMENT_SANDBOX_KEY_PATH = path

    first = get_gateway("sandbox").public_key
    again = get_gateway("sandbox").public_key

    assert crypto.public_pem(first) == crypto.public_pem(again)
    assert path.stat().st_mode & 0o077 == 0
    assert list(path.parent.iterdir()) == [path]  # no temporary files left


def test_concurrent_first_uses_agree_on_one_key(tmp_path):
    path = tmp_path / "sandbox.pem"
    keys: list[bytes] = []
    threads = [
        threading.Thread(
            target=lambda: keys.append(
                crypto.public_pem(crypto.ensure_private_key(path).public_key())
            )
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(keys) == 4 and len(set(keys)) == 1


def test_a_broken_key_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")

    with pytest.raises(crypto.KeyFileError, match="格式不正确"):
        crypto.load_private_key(path)
    with pytest.raises(crypto.KeyFileError, match="无法读取"):
        crypto.load_public_key(tmp_path / "missing.pem")


def test_alipays_bare_base64_keys_load(tmp_path):
    key = crypto.generate_private_key()
    bare = b"".join(crypto.public_pem(key.public_key()).splitlines()[1:-1])
    (tmp_path / "alipay.txt").write_bytes(bare)

    loaded = crypto.load_public_key(tmp_path / "alipay.txt")

    assert crypto.verify(loaded, "a=1", crypto.sign(key, "a=1"))


def test_only_configured_gateways_are_offered(settings, alipay, wechat):
    assert [code for code, _label in selectors.payment_methods()] == ["sandbox", "alipay", "wechat"]

    settings.WECHATPAY_APIV3_KEY = ""
    settings.PAYMENT_SANDBOX_ENABLED = False

    assert selectors.payment_methods() == [("alipay", "支付宝")]
