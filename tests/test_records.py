"""Validated organisations are kept as light records: same values, same open data, less memory.

A national map keeps 20,000 organisations in memory through the whole render; kaart/records.py
turns each validated pydantic model into a light record (a tuple). These tests hold it to the model:
the same attributes, the same JSON (the open data is made from it), pickling (the reading
worker sends its records to the parent) and a read-only contract.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import date

import pytest

import schema
from kaart import record_types
from kaart.gather import read_organisation
from kaart.read_files import list_yaml_folder, read_yaml_file
from kaart.records import PROTOCOLS_FILE, Record, protocols_source, record_of
from kaart.validate import validate_doc
from support import REPO

ORGANISATIONS = REPO / "organisations"


def example_models() -> list:
    """Every organisation of the example map as its validated pydantic model."""
    context = {"vocab": _vocab(), "today": date(2026, 11, 26)}
    models = []
    for _, path in list_yaml_folder(str(ORGANISATIONS))[0]:
        doc, problems = read_yaml_file(path)
        model, problems = validate_doc(doc, schema.Organisatie, context)
        assert not problems, problems
        models.append(model)
    return models


def _vocab() -> schema.Taxonomie:
    doc, _ = read_yaml_file(str(REPO / "content" / "taxonomie.yaml"))
    vocab, problems = validate_doc(doc, schema.Taxonomie, {})
    assert not problems
    return vocab


@pytest.fixture(scope="module")
def models():
    found = example_models()
    assert len(found) >= 20
    return found


def test_a_record_dumps_the_json_its_model_dumps(models):
    for model in models:
        record = record_of(model)
        assert record.model_dump(mode="json") == model.model_dump(mode="json")
        assert record.model_dump(mode="json", exclude_none=True) == model.model_dump(mode="json", exclude_none=True)
        assert list(record.model_dump(mode="json")) == list(model.model_dump(mode="json")), "field order, for the CSV"
    with pytest.raises(TypeError):
        record_of(models[0]).model_dump()  # only json mode, asked for by name


def test_a_record_reads_like_its_model(models):
    for model in models:
        record = record_of(model)
        assert type(record).__name__ == "Organisatie" and isinstance(record, Record)
        for name in schema.Organisatie.model_fields:
            value, expected = getattr(record, name), getattr(model, name)
            if isinstance(expected, schema.Model):
                assert value.model_dump(mode="json") == expected.model_dump(mode="json")
            elif isinstance(expected, list) and expected and isinstance(expected[0], schema.Model):
                assert [item.model_dump(mode="json") for item in value] == [
                    item.model_dump(mode="json") for item in expected
                ]
            else:
                assert value == expected, name
        assert record.gecontroleerd == model.gecontroleerd and isinstance(record.gecontroleerd, date)


def test_records_travel_between_processes_whole(models, tmp_path):
    """The reading worker pickles its records; a process that has made none yet unpickles them."""
    records = [record_of(model) for model in models]
    back = pickle.loads(pickle.dumps(records))
    assert back == records and [type(r) for r in back] == [type(r) for r in records]
    assert back[0].contact == records[0].contact and type(back[0].contact).__name__ == "Contact"
    (tmp_path / "records.pickle").write_bytes(pickle.dumps(records))
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, pickle, sys\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            f"records = pickle.load(open({str(tmp_path / 'records.pickle')!r}, 'rb'))\n"
            "print(json.dumps([r.model_dump(mode='json') for r in records]))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(fresh.stdout) == [m.model_dump(mode="json") for m in models]
    assert len(pickle.dumps(records)) < len(pickle.dumps(models)), "the worker's records arrive compact"


def deep_size(value, seen: set) -> int:
    """Bytes of an object and everything it holds (each object counted once)."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        return size + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return size + sum(deep_size(item, seen) for item in value)
    if isinstance(value, schema.Model):
        return size + sum(
            deep_size(getattr(value, name), seen)
            for name in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
        )
    return size


def test_records_take_at_most_half_the_memory_of_models(models):
    records = [record_of(model) for model in models]
    assert deep_size(records, set()) <= deep_size(models, set()) / 2


def test_a_record_is_read_only(models):
    record = record_of(models[0])
    with pytest.raises(AttributeError):
        record.naam = "Iets anders"
    with pytest.raises(AttributeError):
        record.contact.telefoon = None
    with pytest.raises(AttributeError):
        record.nieuw_veld = 1
    with pytest.raises(AttributeError):
        del record.naam
    assert record.naam


def test_short_repeated_strings_are_kept_once(models):
    records = [record_of(model) for model in models]
    fases = [fase for record in records for fase in record.fases]
    same = {}
    for fase in fases:
        assert same.setdefault(fase, fase) is fase, "one str per key"
    plaatsen = [loc.plaats for record in records for loc in record.locaties]
    assert all(p is sys.intern(p) for p in plaatsen)


def test_the_build_reads_organisations_as_records():
    problems = []
    record, doc = read_organisation(
        str(ORGANISATIONS / "schuldhulp-dijkhaven.yaml"), {"vocab": _vocab(), "today": date(2026, 11, 26)}, problems
    )
    assert not problems and isinstance(record, Record) and doc is not None
    assert record.naam and record.werkgebied.gemeenten


# --- the record types (kaart/record_types.py) ----------------------------------------------------


def test_the_record_types_are_generated_from_the_model():
    """kaart/record_types.py is what `python -m kaart.records` writes from schema.py today."""
    assert PROTOCOLS_FILE.read_text(encoding="utf-8") == protocols_source(schema.Organisatie), (
        "schema.py changed: run `python -m kaart.records` and commit kaart/record_types.py"
    )


def test_every_record_is_its_record_type_with_the_models_fields(models):
    """Each record (nested ones too) has exactly the properties of its Protocol, in the model's order."""
    checked = set()

    def check(record):
        protocol = getattr(record_types, type(record).__name__)
        assert isinstance(record, protocol)
        fields = [name for name, value in vars(protocol).items() if isinstance(value, property)]
        assert fields == list(type(record)._fields)
        checked.add(protocol.__name__)
        for value in record:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Record):
                    check(item)

    for model in models:
        check(record_of(model))
    assert {"Organisatie", "Locatie", "Spreekuur", "Contact", "Werkgebied"} <= checked


def test_a_record_type_is_not_the_pydantic_model():
    """What a record lacks is not in its type either: no model_copy or model_fields."""
    assert not hasattr(record_types.Organisatie, "model_copy")
    assert not hasattr(record_types.Organisatie, "model_fields")
