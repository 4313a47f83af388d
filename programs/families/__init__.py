"""Workflow families, one folder each; programs.registry.autodiscover() imports them all.

A family folder holds its state machine (workflow.py: a proxy model of ProgramCase), its step
table as data (family.py), its services and eligibility rules, and its tests. See
docs/adding-a-program.md: copy the smallest folder (medical/) to start a new one.
"""
