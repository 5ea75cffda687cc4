from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub.activities.models import Activity
from partnerhub.core.models import Provenance
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import Dataset
from partnerhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol3;</iati-identifier>
<reporting-org ref="XM-1"/></iati-activity></iati-activities>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<title><narrative>&xxe;</narrative></title><reporting-org ref="XM-1"/></iati-activity></iati-activities>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://127.0.0.1:9/evil.dtd">
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<reporting-org ref="XM-1"/></iati-activity></iati-activities>
"""


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("laughs.xml", BILLION_LAUGHS, "entities"),
        ("xxe.xml", XXE, "entities"),
        ("dtd.xml", EXTERNAL_DTD, "external DTD"),
    ],
)
def test_it_rejects_hostile_xml_without_writing_anything(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = dataset_import(path=path)
    assert result.status == "failed" and words in result.error
    assert not Activity.objects.exists()
    assert not Organisation.objects.exists()
    assert not Provenance.objects.exists()
    dataset = Dataset.objects.get(name=name)
    problem = dataset.problems.get()
    assert problem.line == 1 and "root:" not in problem.message_en


def test_it_rejects_malformed_xml_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(
        '<iati-activities version="2.03">\n<iati-activity>\n<iati-identifier>X</oops>\n',
        encoding="utf-8",
    )
    result = dataset_import(path=path)
    assert result.status == "failed" and result.line == 3
    assert not Activity.objects.exists()
