"""Bringing a real book in from CRM and product-analytics CSV exports (no Qt).

``plan_import(book, kind, file, options)`` reads and checks a file against the book without
writing; its ``ImportPlan`` holds every problem, the counts and each row's outcome (for a
preview), and ``ImportPlan.op()`` is the whole import as one undoable op for ``Writer.run``.
``run.run_import`` is the ``csm-desk import`` command built on them.
"""
