"""Prefect flows: thin orchestration over newswatch's plain functions.

Modules are named after what they do (``poll_sources``, ``backfill``, ``deliver_alerts``,
``check_health``), never after a package, because Prefect puts this folder on ``sys.path``
when it loads an entrypoint and a file called ``alerts.py`` would shadow the ``alerts``
package. The logic lives in ``newswatch``, ``extractors``, ``alerts`` and ``storage``; the
flows only split work into tasks, retry, report and emit events.
"""
