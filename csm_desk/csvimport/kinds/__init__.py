"""One planner per import kind: match each row to the book, check it, and decide its write."""

from csm_desk.csvimport.kinds.accounts import plan_accounts
from csm_desk.csvimport.kinds.arr import plan_arr
from csm_desk.csvimport.kinds.contacts import plan_contacts
from csm_desk.csvimport.kinds.expansions import plan_expansions
from csm_desk.csvimport.kinds.signals import plan_signals

__all__ = ["plan_accounts", "plan_arr", "plan_contacts", "plan_expansions", "plan_signals"]
