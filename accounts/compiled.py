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

On PostgreSQL each compiled read is also prepared once per database session (`PREPARE`, then
`EXECUTE`; `ONEWINDOW_PREPARED_READS=0` turns it off), its child rows can come folded into its
own row as JSON (`JsonChildren`), and `bulk_insert` writes new rows in one prepared UNNEST insert
per table: the server plans each hot statement once per session instead of on every request.

It leans on the SQL compiler's internals as Django 5.2 has them (`select`, `klass_info`,
`get_converters`, `get_related_populators`, as `ModelIterable` uses them): tests/test_compiled.py
holds its instances equal to the queryset's, so an upgrade that changes them fails there first.
"""

import datetime as dt
import itertools
import json
import re
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Subquery, TextField
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
    annotations: dict  # name: position in the row, set on each instance as the ORM does
    # PostgreSQL: the statement prepared once per connection (PREPARE), then EXECUTEd.
    name: str = ""
    prepare: str = ""
    execute: str = ""

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
            if plan.name and _prepared(connection, plan, cursor):
                cursor.execute(plan.execute, plan.bind(args))
            else:
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
        prepared = {}
        if connections[using].vendor == "postgresql" and getattr(settings, "ONEWINDOW_PREPARED_READS", True):
            name = f"ow_read_{next(_names)}"
            prepared = {
                "name": name,
                "prepare": f"PREPARE {name} AS {_numbered(sql)}",
                "execute": f"EXECUTE {name}" + (f" ({', '.join(['%s'] * len(params))})" if params else ""),
            }
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
            annotations=dict(compiler.annotation_col_map or {}),
            **prepared,
        )

    @staticmethod
    def _instances(plan: _Plan, rows, using) -> list:
        """As ModelIterable makes them: converted values, `from_db`, the select_related rows."""
        if plan.trim is not None:
            rows = [row[: plan.trim] for row in rows]
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        model, names, start, end, populators = plan.model, plan.names, plan.start, plan.end, plan.populators
        annotations = plan.annotations.items()
        objects = []
        for row in rows:
            obj = model.from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


_names = itertools.count(1)


def _numbered(sql: str) -> str:
    """psycopg2's `%s` placeholders as PostgreSQL's `$1, $2, …`, and `%%` as `%` (what psycopg2
    itself would have made of them)."""
    numbers = itertools.count(1)
    return re.sub(r"%[s%]", lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


def _prepared(connection, plan, cursor) -> bool:
    """Whether `plan` is prepared on this database session, preparing it the first time.

    A prepared statement lives as long as the session (a rollback keeps it); a new connection
    starts a new list. Planning was most of what PostgreSQL spent on the status read's
    application (0.5 ms of 0.75), and a prepared plan is planned once per session (or re-planned
    by PostgreSQL itself when a table changes shape)."""
    raw = connection.connection
    state = connection.__dict__.get("_ow_prepared")
    if state is None or state[0] is not raw:
        state = connection.__dict__["_ow_prepared"] = (raw, set())
    if plan.name not in state[1]:
        cursor.execute(plan.prepare)
        state[1].add(plan.name)
    return True


def _identity(value):
    return value


# How a value of each kind of field comes back from PostgreSQL's to_json (the session in UTC, as
# Django sets it), as the field's Python value.
_FROM_JSON = {
    "DateTimeField": dt.datetime.fromisoformat,
    "DateField": dt.date.fromisoformat,
    "UUIDField": uuid.UUID,
    **dict.fromkeys(
        [
            "AutoField",
            "BigAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "PositiveBigIntegerField",
            "ForeignKey",
            "OneToOneField",
            "CharField",
            "TextField",
            "SlugField",
            "EmailField",
            "FileField",
            "BooleanField",
        ],
        _identity,
    ),
}


class JsonChildren:
    """A parent's child rows folded into the parent's read as one JSON column (PostgreSQL).

    `JsonChildren(CaseTransition, ["id", "case", ...], order=["created_at", "id"])`;
    (`fields=None`: every field with an exact JSON form);
    `.expression(CaseTransition.objects.filter(case=OuterRef("pk")))` is what to annotate the
    parent's queryset with (a correlated subquery: `json_agg` over the children's `fields`, in
    `order`, as text), and `.instances(text)` makes the children back, as a read of those fields
    would (`Model.from_db`; the other fields deferred). One round trip for the parent and its
    children instead of one each: what a compiled read saves in Python, this saves in waiting.

    Only fields whose JSON form is exact are accepted (numbers, text, booleans, dates, times,
    UUIDs): a decimal or a JSON column is refused when the spec is built, not misread later.
    """

    ALIAS = "ow_child"

    def __init__(self, model, fields=None, *, order):
        self.model = model
        if fields is None:  # every field with an exact JSON form; the others deferred
            fields = [f.name for f in model._meta.concrete_fields if f.get_internal_type() in _FROM_JSON]
        self.fields = [model._meta.get_field(name) for name in fields]
        unknown = [f.name for f in self.fields if f.get_internal_type() not in _FROM_JSON or f.db_column]
        if unknown:
            raise ValueError(f"{model.__name__}: no exact JSON form for {unknown}")
        self.names = [f.attname for f in self.fields]
        self._decode = [(f.column, _FROM_JSON[f.get_internal_type()]) for f in self.fields]
        columns = {f.name: f.column for f in self.fields} | {f.attname: f.column for f in self.fields}
        terms = []
        for name in order:
            descending = name.startswith("-")
            column = columns.get(name.lstrip("-"))
            if column is None:
                raise ValueError(f"{model.__name__}: order by {name!r}, which is not among the fields")
            terms.append(f'{self.ALIAS}."{column}"' + (" DESC" if descending else ""))
        self.order = ", ".join(terms)

    def expression(self, queryset) -> Subquery:
        if queryset.model is not self.model:
            raise ValueError(f"expected a queryset of {self.model.__name__}")
        inner = queryset.order_by().values(*self.names)
        return _JsonRows(inner, output_field=TextField(), order=self.order, alias=self.ALIAS)

    def instances(self, text: str | None, using: str = "default") -> list:
        model, names, decode = self.model, self.names, self._decode
        objects = []
        for row in json.loads(text) if text else ():
            values = [None if (v := row[column]) is None else convert(v) for column, convert in decode]
            objects.append(model.from_db(using, names, values))
        return objects


class _JsonRows(Subquery):
    template = (
        "(SELECT COALESCE(json_agg(%(alias)s ORDER BY %(order)s), '[]')::text FROM (%(subquery)s) %(alias)s)"
    )


@dataclass
class _Insert:
    fields: list
    name: str
    prepare: str
    execute: str


_INSERTS: dict = {}
_UNSUPPORTED = object()


def bulk_insert(objs: list, using: str = "default") -> list:
    """`Model._base_manager.bulk_create(objs)` for new rows of one model, on PostgreSQL as one
    statement prepared once per session (the UNNEST insert bulk_create itself writes).

    What bulk_create does to the rows, this does: related objects' keys taken
    (`_prepare_related_fields_for_save`), `pre_save` (auto_now_add), values prepared as the fields
    prepare them, primary keys set from RETURNING, `_state` marked saved. Anything it does not
    cover — SQLite, a row with its key set, an expression for a value, a field bulk_create would
    not UNNEST, multi-table inheritance — goes to bulk_create itself. A submission writes nine
    tables: compiling each insert and planning it on the server was a third of what it cost."""
    if not objs:
        return objs
    model = objs[0]._meta.concrete_model
    connection = connections[using]
    spec = None
    if connection.vendor == "postgresql" and getattr(settings, "ONEWINDOW_PREPARED_READS", True):
        spec = _INSERTS.get((model, using))
        if spec is None:
            spec = _INSERTS[(model, using)] = _insert_spec(model, connection)
    if spec is _UNSUPPORTED or spec is None or any(obj.pk is not None for obj in objs):
        return model._base_manager.using(using).bulk_create(objs)
    for obj in objs:
        # Every field but the key (spec.fields): passing them made Django test each field's
        # membership of the list, field by field.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    columns = []
    for field in spec.fields:
        values = []
        for obj in objs:
            value = field.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                return model._base_manager.using(using).bulk_create(objs)
            values.append(field.get_db_prep_save(value, connection))
        columns.append(values)
    with connection.cursor() as cursor:
        _prepared(connection, spec, cursor)
        cursor.execute(spec.execute, columns)
        keys = cursor.fetchall()
    for obj, (pk,) in zip(objs, keys, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using
    return objs


def _insert_spec(model, connection):
    """The prepared UNNEST insert of `model`'s rows, or _UNSUPPORTED where bulk_create would not
    UNNEST them (PostgreSQL's SQLInsertCompiler.assemble_as_sql decides the same way)."""
    opts = model._meta
    if opts.parents or opts.pk.get_internal_type() not in ("AutoField", "BigAutoField", "SmallAutoField"):
        return _UNSUPPORTED
    fields = [f for f in opts.concrete_fields if f is not opts.pk and not f.generated]
    for field in fields:
        internal = (field.target_field if field.is_relation else field).get_internal_type()
        if (
            hasattr(field, "get_placeholder")
            or internal not in connection.data_types
            or field.has_db_default()
        ):
            return _UNSUPPORTED
    qn = connection.ops.quote_name
    casts = [f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in fields]
    # Names and types from the model's own definition, quoted; the values are parameters.
    sql = (
        f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"SELECT * FROM UNNEST({', '.join(casts)}) RETURNING {qn(opts.pk.column)}"
    )
    name = f"ow_insert_{next(_names)}"
    return _Insert(
        fields=fields,
        name=name,
        prepare=f"PREPARE {name} AS {_numbered(sql)}",
        # The arguments cast as the statement casts them: a JSON or an address list is text
        # until told otherwise, and EXECUTE only assigns.
        execute=f"EXECUTE {name} ({', '.join(casts)})",
    )
