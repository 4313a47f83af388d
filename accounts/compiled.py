"""Reads whose SQL is compiled once per process (issue 12).

Compiling a queryset to SQL is the larger half of what a simple ORM read costs in Python
(benchmarks: 0.2–0.65 ms of the 0.5–1.5 ms of each of the status read's queries), and the hot
reads — the API token, the status read's application, cases, history, work items, materials and
members — have one shape each. A `CompiledRead` builds its queryset once from stand-in values
(`build(*marks)`), keeps the compiled SQL and the compiler, and on each call runs the SQL with
the real values and makes the instances exactly as the queryset's own iterator does
(`Model.from_db`, the database converters, `select_related` populators, deferred fields).

What it does not do: `prefetch_related`, the related-manager caches of `app.cases.all()`, or
annotations' aggregates — the callers of a compiled read wire what they load. The queryset stays
the definition: change it and the SQL follows, on PostgreSQL and SQLite alike.

It leans on the SQL compiler's internals as Django 5.2 has them (`select`, `klass_info`,
`get_converters`, `get_related_populators`, as `ModelIterable` uses them): tests/test_compiled.py
holds its instances equal to the queryset's, so an upgrade that changes them fails there first.
"""

import threading
from dataclasses import dataclass

from django.db import connections
from django.db.models.query import get_related_populators

_INT_MARK = -7_310_000_000_000
_STR_MARK = "\x00mark{}\x00"
# A list argument compiles one plan per length; past this many plans a read compiles each time.
MAX_PLANS = 64


@dataclass
class _Plan:
    sql: str
    params: list
    slots: list  # (position in params, argument index, index in a list argument or None)
    compiler: object
    # What the queryset's iterator works out for every run, worked out once.
    model: type
    names: list
    start: int
    end: int
    converters: dict
    populators: list
    trim: int | None

    def bind(self, args) -> list:
        params = list(self.params)
        for position, arg, item in self.slots:
            params[position] = args[arg] if item is None else args[arg][item]
        return params


class CompiledRead:
    """`CompiledRead(build, int, str, [int])`: `build(*args)` returns the queryset; the kinds say
    what each argument is (an int, a str, or a list of ints). Calling it returns the instances."""

    def __init__(self, build, *kinds):
        self.build = build
        self.kinds = kinds
        self._plans: dict = {}
        self._lock = threading.Lock()

    def __call__(self, *args, using: str = "default") -> list:
        if len(args) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} arguments, got {len(args)}")
        shape = tuple(len(a) if isinstance(k, list) else None for a, k in zip(args, self.kinds, strict=True))
        if any(n == 0 for n in shape if n is not None):
            return []  # an empty IN list matches nothing (the ORM does not query either)
        connection = connections[using]
        key = (using, connection.vendor, shape)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key) or self._compile(using, shape)
                if len(self._plans) < MAX_PLANS:
                    self._plans[key] = plan
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, plan.bind(args))
            rows = cursor.fetchall()
        return self._instances(plan, rows, using)

    def _compile(self, using, shape) -> _Plan:
        marks, where = [], {}
        for arg, (kind, length) in enumerate(zip(self.kinds, shape, strict=True)):
            base = kind[0] if isinstance(kind, list) else kind
            items = [None] if length is None else list(range(length))
            values = []
            for item in items:
                n = len(where)
                value = _INT_MARK - n if base is int else _STR_MARK.format(n)
                where[value] = (arg, item)
                values.append(value)
            marks.append(values[0] if length is None else values)
        queryset = self.build(*marks)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for position, value in enumerate(params):
            if isinstance(value, int | str) and not isinstance(value, bool) and value in where:
                slots.append((position, *where[value]))
        found = {(arg, item) for _p, arg, item in slots}
        if found != set(where.values()):
            raise ValueError(f"{self.build!r}: a stand-in value did not reach the SQL as a parameter")
        select, klass_info = compiler.select, compiler.klass_info
        if compiler.has_composite_fields([s[0] for s in select[: compiler.col_count]]):
            raise ValueError(f"{self.build!r}: composite fields are not compiled")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Plan(
            sql=sql,
            params=list(params),
            slots=slots,
            compiler=compiler,
            model=klass_info["model"],
            names=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            populators=get_related_populators(klass_info, select, using),
            trim=compiler.col_count if compiler.has_extra_select else None,
        )

    @staticmethod
    def _instances(plan: _Plan, rows, using) -> list:
        """As ModelIterable makes them: converted values, `from_db`, the select_related rows."""
        if plan.trim is not None:
            rows = [row[: plan.trim] for row in rows]
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        model, names, start, end, populators = plan.model, plan.names, plan.start, plan.end, plan.populators
        objects = []
        for row in rows:
            obj = model.from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
