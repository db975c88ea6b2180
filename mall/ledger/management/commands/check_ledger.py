from django.core.management.base import BaseCommand, CommandError

from mall.ledger import selectors


class Command(BaseCommand):
    help = "核对账本：每张凭证借贷平衡、每个科目余额等于其分录之和、担保账户不透支"

    def handle(self, *args, **options):
        problems = [
            f"凭证借贷不平或分录不足两条：{reason}" for reason in selectors.unbalanced_entries()
        ]
        problems += [
            f"科目余额与分录不符：{code} 记录 {stored}，分录合计 {posted}"
            for code, stored, posted in selectors.accounts_out_of_step()
        ]
        problems += [
            f"担保账户透支：{reference} 借方余额 {total}"
            for reference, total in selectors.overdrawn_escrow()
        ]
        trial = selectors.trial_balance()
        if trial:
            problems.append(f"试算不平：全部分录合计 {trial}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS("账本平衡：全部凭证与科目余额核对无误"))
