"""Synthetic identities: realistic-looking, plainly fake personal data for the simulator.

Names follow the region of origin, fiscal codes have the Italian shape (with the foreign-birth
"Z" code), phones and addresses are Tuscan-looking, e-mails use the reserved example domains, and
every free text carries a "fittizio" token so nobody mistakes it for a real note.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from random import Random
from uuid import UUID

from domain.shared.geography import WorldRegion, region_of
from domain.shared.values import PersonalData

_NAMES: dict[WorldRegion, tuple[str, str]] = {
    WorldRegion.NORTH_AFRICA: (
        "Fatima Khadija Amina Naima Samira Latifa Malika Souad Hanane Rachida Zineb Nadia Salma "
        "Imane Houda Meriem Asmae",
        "Bennani El-Amrani Alaoui Tazi Benali Haddad Cherkaoui Mansouri Ouali Belkacem Saidi "
        "Zerouali Berrada Kettani Jebali",
    ),
    WorldRegion.WEST_AFRICA: (
        "Aminata Fatou Mariama Awa Aissatou Binta Ngozi Chioma Adaeze Ama Efua Kadiatou Rokia "
        "Blessing Joy Abena",
        "Diallo Diop Ndiaye Sow Traore Kone Okafor Adeyemi Mensah Owusu Camara Bah Sylla Okeke "
        "Balde Jallow",
    ),
    WorldRegion.EAST_AFRICA: (
        "Hiwot Selam Meron Saba Faduma Hodan Ayaan Wanjiru Achieng Luwam Senait Hamdi",
        "Tesfaye Haile Abebe Mohamed Ahmed Hassan Warsame Kamau Otieno Gebremariam Yohannes",
    ),
    WorldRegion.CENTRAL_SOUTHERN_AFRICA: (
        "Grace Esperance Chantal Nadege Thandiwe Nomvula Mireille Brigitte Clarisse",
        "Mbala Nkosi Tshibanda Ngoma Etoundi Mbarga Nkemdirim Fotso",
    ),
    WorldRegion.EU: (
        "Elena Ioana Maria Andreea Mihaela Gabriela Agnieszka Katarzyna Desislava Daniela "
        "Simona Alina",
        "Popescu Ionescu Dumitru Stan Constantin Kowalska Nowak Petrova Georgieva Munteanu "
        "Lungu Marin",
    ),
    WorldRegion.EASTERN_EUROPE: (
        "Olena Oksana Natalia Iryna Svetlana Elira Arjeta Ana Milica Lejla Valbona Tatiana",
        "Kovalenko Shevchenko Bondarenko Hoxha Krasniqi Berisha Popovic Jovanovic Rusu Ceban "
        "Gashi Dervishi",
    ),
    WorldRegion.MIDDLE_EAST: (
        "Layla Rania Noor Zeynep Ayse Maryam Fatemeh Hana Dalia Yasmin Farida",
        "Al-Hassan Khalil Yilmaz Kaya Hosseini Rahimi Nasser Darwish Ahmadi Sultani",
    ),
    WorldRegion.SOUTH_ASIA: (
        "Priya Lakshmi Anjali Ayesha Nusrat Shirin Sunita Kavya Rupa Tahmina Nilmini",
        "Sharma Patel Singh Khan Rahman Hossain Perera Fernando Begum Akter Chowdhury",
    ),
    WorldRegion.EAST_ASIA: (
        "Li Na;Fang;Yan;Jing;Mei;Xiaoli;Hong;Lan;Ying",
        "Hu Zhou Wu Lin Huang Chen Wang Zhang Liu Xu",
    ),
    WorldRegion.SOUTHEAST_ASIA: (
        "Maricel;Jocelyn;Rowena;Lorna;Thi Lan;Ngoc Anh;Siriporn;Analyn;Marites",
        "Santos Reyes Cruz Bautista Nguyen Tran Pham Dela-Cruz Villanueva",
    ),
    WorldRegion.LATIN_AMERICA: (
        "Maria Jose;Rosa;Carmen;Gabriela;Luz;Yolanda;Milagros;Ana Lucia;Nelly;Karina",
        "Quispe Mamani Garcia Rodriguez Flores Vargas Torres Castillo Rojas Huaman Chavez",
    ),
}
_COUNTRY_CODE = {
    "MA": "Z330",
    "TN": "Z352",
    "AL": "Z100",
    "RO": "Z129",
    "MD": "Z140",
    "PE": "Z611",
    "EC": "Z605",
    "PH": "Z216",
    "CN": "Z210",
    "UA": "Z138",
    "NG": "Z335",
    "SN": "Z343",
    "BD": "Z249",
    "PK": "Z236",
    "LK": "Z209",
    "ER": "Z368",
    "PL": "Z127",
    "GM": "Z317",
    "SO": "Z345",
    "CI": "Z313",
    "GH": "Z318",
    "SY": "Z240",
    "AF": "Z200",
    "CM": "Z306",
}
_MONTH_LETTER = "ABCDEHLMPRST"
_STREETS = [
    "Via Roma",
    "Via Garibaldi",
    "Via dei Serragli",
    "Via Pistoiese",
    "Via Mazzini",
    "Via Cavour",
    "Viale Gramsci",
    "Via Tosco Romagnola",
    "Via Baracca",
    "Via Carducci",
    "Via della Repubblica",
    "Piazza della Vittoria",
    "Via Leonardo da Vinci",
    "Via Giuseppe Verdi",
    "Via del Pratello",
    "Via Fiorentina",
    "Via Puccini",
    "Via San Donato",
    "Via Boccaccio",
    "Via IV Novembre",
]
_POSTCODES = {
    "Firenze": "501",
    "Empoli": "50053",
    "Castelfiorentino": "50051",
    "Certaldo": "50052",
    "Fucecchio": "50054",
    "Vinci": "50059",
    "Montelupo Fiorentino": "50056",
    "Cerreto Guidi": "50050",
    "Montespertoli": "50025",
    "Gambassi Terme": "50050",
    "Capraia e Limite": "50050",
    "Montaione": "50050",
    "Sesto Fiorentino": "50019",
    "Campi Bisenzio": "50013",
    "Calenzano": "50041",
    "Signa": "50058",
    "Lastra a Signa": "50055",
    "Scandicci": "50018",
}
_DOMAINS = ["example.org", "example.com", "example.net"]


def _pick(rng: Random, spaced: str) -> str:
    items = spaced.split(";") if ";" in spaced else spaced.split()
    return rng.choice(items).replace("-", " ")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _consonants_code(word: str, *, first_name: bool) -> str:
    letters = [c for c in _ascii(word).upper() if c.isalpha()]
    cons = [c for c in letters if c not in "AEIOU"]
    vows = [c for c in letters if c in "AEIOU"]
    if first_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join([*cons, *vows, "X", "X", "X"])[:3]


def fiscal_code(rng: Random, given: str, family: str, born: date, country: str) -> str:
    """An Italian-shaped code for a woman born abroad (day + 40, Z-code of the country)."""
    place = _COUNTRY_CODE.get(country, "Z999")
    body = (
        f"{_consonants_code(family, first_name=False)}"
        f"{_consonants_code(given, first_name=True)}{born.year % 100:02d}"
        f"{_MONTH_LETTER[born.month - 1]}{born.day + 40:02d}{place}"
    )
    return body + rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def identity(
    rng: Random, person_id: UUID, country: str, birth_year: int, municipality: str
) -> PersonalData:
    """Her sealed personal data: name, fiscal code, birth date, phone, e-mail, address."""
    given_pool, family_pool = _NAMES.get(region_of(country), _NAMES[WorldRegion.NORTH_AFRICA])
    given, family = _pick(rng, given_pool), _pick(rng, family_pool)
    born = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    handle = _ascii(f"{given}.{family}").lower().replace(" ", "")
    postcode = _POSTCODES.get(municipality, "50100")
    if postcode == "501":
        postcode = f"501{rng.randint(21, 45)}"
    return PersonalData(
        subject_id=person_id,
        full_name=f"{given} {family}",
        fiscal_code=fiscal_code(rng, given, family, born, country),
        birth_date=born,
        phone=f"+39 3{rng.randint(20, 93)} {rng.randint(1000000, 9999999)}",
        email=f"{handle}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}",
        address=f"{rng.choice(_STREETS)} {rng.randint(1, 180)}, {postcode} {municipality}",
    )


def note(rng: Random, first_name: str, what: str) -> str:
    """A free-text note that is obviously fictitious and unique (a token per note)."""
    return f"[fittizio {rng.getrandbits(32):08x}] {first_name}: {what}"
