"""Funds, loans and repayment: the ledger, imports, the reminder ladder and officers' figures."""
