"""Demo proposals: themes with their translations and 31 proposals in the eight languages, in
every state, each written, opened for support, co-signed and submitted at its own date of the
story (council/demo_calendar.py). The meetings' demo then puts the submitted ones that name a
`meeting` on that meeting's agenda and votes them, as the council would. Idempotent (found
again by title)."""

from sqlalchemy import select

from council.accounts.operations import find_user_by_email
from council.demo_calendar import at
from council.extensions import db
from council.proposals import operations, support
from council.proposals.models import Proposal, Theme
from council.proposals.themes import create_theme
from council.services.models import Service

THEMES = {
    "Logement": {"en": "Housing", "ar": "السكن", "fa_AF": "مسکن", "ps": "استوګنه",
                 "tr": "Konut", "uk": "Житло", "ru": "Жильё"},
    "Santé": {"en": "Health", "ar": "الصحة", "fa_AF": "صحت", "ps": "روغتیا",
              "tr": "Sağlık", "uk": "Здоров'я", "ru": "Здоровье"},
    "Éducation et langues": {"en": "Education and languages", "ar": "التعليم واللغات",
                             "fa_AF": "آموزش و زبان‌ها", "ps": "ښوونه او ژبې",
                             "tr": "Eğitim ve diller", "uk": "Освіта і мови",
                             "ru": "Образование и языки"},
    "Droits": {"en": "Rights", "ar": "الحقوق", "fa_AF": "حقوق", "ps": "حقونه",
               "tr": "Haklar", "uk": "Права", "ru": "Права"},
    "Culture": {"en": "Culture", "ar": "الثقافة", "fa_AF": "فرهنگ", "ps": "کلتور",
                "tr": "Kültür", "uk": "Культура", "ru": "Культура"},
}  # fmt: skip

HOUSING_BODY = """Beaucoup de familles étrangères attendent plus de deux ans un logement social.
Pendant ce temps, elles vivent chez des proches ou dans des hôtels loin de l'école des enfants.

Nous demandons à la ville :

- de publier chaque année le délai moyen d'attente, quartier par quartier ;
- d'accompagner les demandes avec un traducteur quand la personne le souhaite ;
- de ne pas exiger de justificatifs que la loi ne demande pas."""

# Each proposal: its author writes it `born` days from today (negative: in the past), asks for
# support the next day, gets co-signed over the following days and submits it on day 6; `state`
# is where the proposals' demo leaves it. `meeting` names the demo meeting (meetings/demo.py)
# that debates it, and `vote` what the council decides there.
PROPOSALS = [
    {
        "author": "karim", "theme": "Logement", "language": "fr", "state": "submitted",
        "born": -75, "meeting": "m4", "vote": "named",
        "title": "Rendre visible l'attente pour un logement social",
        "body": HOUSING_BODY,
        "summary": "Attendre un logement social est long. Nous voulons savoir combien de temps, "
                   "et être aidés pour remplir le dossier.",
        "cosigners": ["fatou", "mamadou", "rosa"],
        "revision": HOUSING_BODY.replace("- d'accompagner", "- d'ouvrir une permanence "
                                         "logement le samedi matin ;\n- d'accompagner"),
        "services": ["Direction de l'habitat"],
    },
    {
        "author": "amina", "theme": "Santé", "language": "ar", "state": "submitted",
        "born": -215, "meeting": "m1", "vote": "adopted",
        "title": "مترجمون في مراكز الصحة البلدية",
        "body": "كثير من المرضى لا يفهمون ما يقوله الطبيب، فيأتون مع أطفالهم ليترجموا لهم.\n\n"
                "نقترح أن توفر المدينة خدمة ترجمة هاتفية مجانية في كل مركز صحي بلدي، "
                "وأن تُكتب المواعيد والوصفات بلغة يفهمها المريض.",
        "summary": "نريد مترجمًا عند الطبيب، حتى لا يترجم الأطفال لأهلهم.",
        "cosigners": ["youssef", "nadia", "mariam"],
        "services": ["Santé publique"],
    },
    {
        "author": "farid", "theme": "Éducation et langues", "language": "fa_AF",
        "state": "support", "born": -12,
        "title": "صنف‌های زبان فرانسوی برای مادران",
        "body": "بسیاری از مادران نمی‌توانند در صنف‌های شبانه شرکت کنند، چون کسی از کودکان "
                "آن‌ها نگهداری نمی‌کند.\n\nما پیشنهاد می‌کنیم که شهرداری صنف‌های زبان فرانسوی را "
                "در ساعات مکتب و با مراقبت از کودکان خردسال برگزار کند.",
        "cosigners": ["ahmad"],
        "services": ["Éducation et jeunesse"],
    },
    {
        "author": "elif", "theme": "Droits", "language": "tr", "state": "submitted",
        "born": -30, "meeting": "next", "vote": "scheduled",
        "title": "Belediye yazışmalarının sade dille yazılması",
        "body": "Belediyeden gelen mektuplar çok karmaşık. Birçok kişi bir hakkı kaçırıyor "
                "çünkü mektubu anlamıyor.\n\nBelediyenin bütün mektuplarının başına, sade "
                "Fransızcayla yazılmış üç satırlık bir özet eklenmesini öneriyoruz.",
        "summary": "Belediyenin mektupları kolay anlaşılır olsun.",
        "cosigners": ["mehmet", "olena", "dmitri"],
    },
    {
        "author": "fatou", "theme": "Droits", "language": "fr", "state": "submitted",
        "born": -120, "meeting": "m3", "vote": "adopted",
        "title": "Une permanence d'accès aux droits dans chaque quartier",
        "body": "Les démarches en ligne laissent de côté les personnes qui n'ont pas "
                "d'ordinateur ou qui lisent mal le français.\n\nNous proposons une permanence "
                "hebdomadaire, dans chaque maison des habitants, avec un agent formé et des "
                "bénévoles qui parlent plusieurs langues.",
        "cosigners": ["aliou", "sofia", "lin"],
        "services": ["Santé publique", "Éducation et jeunesse"],
    },
    {
        "author": "nadia", "theme": "Logement", "language": "ar", "state": "submitted",
        "born": -210, "meeting": "m1", "vote": "rejected",
        "title": "مساكن مؤقتة في المباني البلدية الفارغة",
        "body": "توجد مبانٍ بلدية فارغة منذ سنوات، وفي الوقت نفسه تنام عائلات في الشارع.\n\n"
                "نقترح فتح هذه المباني في الشتاء كمساكن مؤقتة تديرها جمعيات.",
        "cosigners": ["youssef", "amina"],
        "services": ["Direction de l'habitat"],
    },
    {
        "author": "rosa", "theme": "Culture", "language": "fr", "state": "withdrawn",
        "born": -160, "withdrawn": -140,
        "title": "Une fête des cultures du monde au printemps",
        "body": "Une journée où chaque communauté présente sa musique, sa cuisine et ses "
                "langues, dans le parc central.",
        "cosigners": ["karim", "tenzin"],
        "reason": "La ville organise déjà une fête semblable chaque année : nous y "
                  "participerons.",
    },
    {
        "author": "ahmad", "theme": "Santé", "language": "fa_AF", "state": "draft", "born": -4,
        "title": "معلومات صحی به زبان دری",
        "body": "بروشورهای واکسین و معاینات رایگان باید به زبان دری هم چاپ شوند.",
        "cosigners": [],
    },
    {
        "author": "mamadou", "theme": "Éducation et langues", "language": "fr",
        "state": "submitted", "born": -160, "meeting": "m2", "vote": "adopted",
        "title": "Des repas que tous les enfants peuvent manger à la cantine",
        "body": "Dans plusieurs écoles, des enfants mangent seulement du pain quand le plat "
                "principal ne leur convient pas.\n\nNous proposons un plat complet sans viande "
                "chaque jour, et des menus affichés avec des images.",
        "summary": "Chaque enfant doit pouvoir manger un vrai repas à la cantine.",
        "cosigners": ["fatou", "aliou", "rosa"],
        "services": ["Éducation et jeunesse"],
    },
    {
        "author": "youssef", "theme": "Logement", "language": "ar", "state": "submitted",
        "born": -155, "meeting": "m2", "vote": "adopted",
        "title": "مساكن تناسب العائلات الكبيرة",
        "body": "العائلات التي لديها خمسة أطفال أو أكثر تنتظر أطول من غيرها، لأن الشقق الكبيرة "
                "قليلة.\n\nنقترح أن تخصص المدينة جزءًا من المساكن الجديدة للعائلات الكبيرة، "
                "وأن تنشر عدد هذه الشقق كل سنة.",
        "cosigners": ["nadia", "mariam", "amina"],
        "services": ["Direction de l'habitat"],
    },
    {
        "author": "olena", "theme": "Éducation et langues", "language": "uk",
        "state": "submitted", "born": -115, "meeting": "m3", "vote": "adopted",
        "title": "Безкоштовні вечірні курси французької для дорослих",
        "body": "Багато дорослих працюють удень і не можуть відвідувати курси французької.\n\n"
                "Пропонуємо, щоб місто відкрило безкоштовні вечірні курси у школах два рази "
                "на тиждень.",
        "cosigners": ["iryna", "dmitri", "elif"],
        "services": ["Éducation et jeunesse"],
    },
    {
        "author": "gul", "theme": "Santé", "language": "ps", "state": "submitted",
        "born": -80, "meeting": "m4", "vote": "adopted",
        "title": "د ماښام لخوا د واکسین نوبتونه",
        "body": "ډېر خلک د ورځې کار کوي او روغتیايي مرکز ته نشي تللی.\n\n"
                "موږ وړاندیز کوو چې ښاروالۍ روغتیايي مرکزونه په اونۍ کې دوه ماښامونه د "
                "واکسین لپاره خلاص وساتي.",
        "cosigners": ["ahmad", "farid", "mariam"],
        "services": ["Santé publique"],
    },
    {
        "author": "aliou", "theme": "Droits", "language": "fr", "state": "submitted",
        "born": -150, "meeting": "m2", "vote": "rejected",
        "title": "Des transports gratuits pour toutes les personnes qui viennent d'arriver",
        "body": "Les personnes qui arrivent doivent faire beaucoup de démarches, souvent loin "
                "de chez elles.\n\nNous proposons des transports gratuits pendant six mois.",
        "cosigners": ["mamadou", "karim"],
    },
    {
        "author": "lin", "theme": "Droits", "language": "en", "state": "submitted",
        "born": -25,
        "title": "Night buses to every neighbourhood",
        "body": "Many residents work late in cleaning, care and restaurants. After 10 pm some "
                "neighbourhoods have no bus at all.\n\nWe ask the city to discuss night lines "
                "with the transport authority.",
        "cosigners": ["sofia", "tenzin"],
    },
    {
        "author": "iryna", "theme": "Droits", "language": "uk", "state": "submitted",
        "born": -20,
        "title": "Путівник з міських послуг українською мовою",
        "body": "Родини, які приїхали нещодавно, не знають, куди звертатися.\n\n"
                "Пропонуємо перекласти міський путівник з послуг українською мовою.",
        "cosigners": ["olena", "dmitri"],
    },
    {
        "author": "dmitri", "theme": "Droits", "language": "ru", "state": "submitted",
        "born": -35,
        "title": "Бесплатные юридические консультации в мэриях кварталов",
        "body": "Многие жители не знают своих прав на жильё и работу.\n\nПредлагаем раз в "
                "месяц проводить бесплатные консультации юриста в каждой мэрии квартала, с "
                "переводчиком.",
        "cosigners": ["olena", "iryna", "elif"],
    },
    {
        "author": "sofia", "theme": "Culture", "language": "en", "state": "submitted",
        "born": -45,
        "title": "Books in our languages at the city libraries",
        "body": "Children should be able to borrow books in the languages spoken at home.\n\n"
                "We propose that every library buys books in the eight languages of the council "
                "and asks families which ones they want.",
        "cosigners": ["lin", "tenzin", "rosa"],
    },
    {
        "author": "mehmet", "theme": "Culture", "language": "tr", "state": "submitted",
        "born": -16,
        "title": "Mahalle kütüphanelerinde çok dilli masal saatleri",
        "body": "Çocuklar kendi dillerinde masal dinlemeyi seviyor.\n\nHer ay bir cumartesi "
                "sabahı, gönüllü ebeveynlerin farklı dillerde masal okumasını öneriyoruz.",
        "cosigners": ["elif", "farid"],
    },
    {
        "author": "tenzin", "theme": "Santé", "language": "en", "state": "support",
        "born": -8,
        "title": "Mental health support in the languages people speak",
        "body": "Many people who fled their country carry heavy memories. Few counsellors speak "
                "their language.\n\nWe ask the health centres to work with interpreters trained "
                "for these conversations.",
        "cosigners": ["sofia"],
    },
    {
        "author": "rosa", "theme": "Éducation et langues", "language": "fr",
        "state": "submitted", "born": -50,
        "title": "Des parents-relais dans chaque école",
        "body": "Des parents qui parlent plusieurs langues peuvent aider les autres familles à "
                "comprendre l'école.\n\nNous proposons un parent-relais volontaire par école, "
                "présenté aux familles à la rentrée.",
        "cosigners": ["fatou", "mamadou"],
    },
    {
        "author": "gul", "theme": "Éducation et langues", "language": "ps", "state": "submitted",
        "born": -26,
        "title": "په ښوونځیو کې د مور ژبې کیسې",
        "body": "ماشومان خپله مورنۍ ژبه هېروي.\n\nموږ وړاندیز کوو چې په میاشت کې یو ځل په "
                "ښوونځیو کې په مختلفو ژبو کیسې ولوستل شي.",
        "cosigners": ["ahmad", "farid"],
    },
    {
        "author": "olena", "theme": "Logement", "language": "uk", "state": "submitted",
        "born": -28,
        "title": "Житло для родин з України після тимчасового захисту",
        "body": "Коли закінчується тимчасовий захист, деякі родини можуть втратити житло.\n\n"
                "Просимо місто заздалегідь інформувати родини та допомагати з документами.",
        "cosigners": ["iryna", "dmitri"],
    },
    {
        "author": "farid", "theme": "Droits", "language": "fa_AF", "state": "submitted",
        "born": -40,
        "title": "ترجمان در دفترهای شهرداری",
        "body": "بسیاری از مردم در دفترهای شهرداری حرف کارمند را نمی‌فهمند.\n\n"
                "پیشنهاد می‌کنیم که در هر دفتر، خدمات ترجمه تلفنی موجود باشد.",
        "cosigners": ["ahmad", "gul"],
    },
    {
        "author": "nadia", "theme": "Culture", "language": "ar", "state": "withdrawn",
        "born": -100, "withdrawn": -90,
        "title": "يوم مفتوح للجمعيات في كل حي",
        "body": "الجمعيات تقوم بعمل كبير لكن السكان لا يعرفونها.\n\nنقترح يومًا مفتوحًا في كل "
                "حي لتعريف السكان بها.",
        "cosigners": ["mariam", "youssef"],
        "reason": "اتفقنا مع منتدى الجمعيات على تنظيم هذا اليوم بأنفسنا.",
    },
    {
        "author": "karim", "theme": "Santé", "language": "fr", "state": "support", "born": -6,
        "title": "Un bilan de santé gratuit à l'arrivée",
        "body": "Beaucoup de personnes arrivées récemment ne voient pas de médecin pendant des "
                "mois.\n\nNous proposons un bilan de santé gratuit dans les centres municipaux.",
        "cosigners": ["fatou"],
    },
    {
        "author": "lin", "theme": "Éducation et langues", "language": "en", "state": "draft",
        "born": -2,
        "title": "Homework help after school, in several languages",
        "body": "Parents who do not read French cannot help with homework.",
        "cosigners": [],
    },
    {
        "author": "sofia", "theme": "Logement", "language": "en", "state": "submitted",
        "born": -22,
        "title": "One clear list of the documents a housing application needs",
        "body": "Applicants are asked for different papers at each office.\n\nWe ask the city "
                "to publish one list, in plain words and in several languages.",
        "cosigners": ["lin", "karim"],
    },
    {
        "author": "mehmet", "theme": "Santé", "language": "tr", "state": "submitted",
        "born": -18,
        "title": "Eczanelerde çok dilli ilaç kullanım bilgisi",
        "body": "Birçok hasta ilacın nasıl kullanılacağını anlamıyor.\n\nBelediyenin "
                "eczanelerle birlikte resimli ve çok dilli bilgi kartları hazırlamasını "
                "öneriyoruz.",
        "cosigners": ["elif", "olena"],
    },
    {
        "author": "dmitri", "theme": "Culture", "language": "ru", "state": "support", "born": -9,
        "title": "Полка книг на русском языке в медиатеке",
        "body": "В городе живут семьи, для которых русский — родной язык.\n\nПредлагаем "
                "открыть в медиатеке полку книг на русском языке.",
        "cosigners": ["olena"],
    },
    {
        "author": "iryna", "theme": "Éducation et langues", "language": "uk",
        "state": "submitted", "born": -14,
        "title": "Курси французької для підлітків у канікули",
        "body": "Підлітки, які приїхали нещодавно, швидше вчаться в школі, коли знають мову.\n\n"
                "Пропонуємо інтенсивні курси французької під час шкільних канікул.",
        "cosigners": ["olena", "elif"],
    },
    {
        "author": "mariam", "theme": "Droits", "language": "ar", "state": "submitted",
        "born": -33,
        "title": "شباك واحد لكل المعاملات في البلدية",
        "body": "يضطر السكان إلى زيارة مكاتب كثيرة من أجل معاملة واحدة.\n\nنقترح شباكًا واحدًا "
                "يستقبل الطلبات ويوجّهها إلى المكتب المناسب.",
        "cosigners": ["amina", "youssef"],
    },
]  # fmt: skip


def _member(login: str):
    return find_user_by_email(f"{login}@council.example")


def _theme(name: str) -> Theme:
    theme = db.session.scalar(select(Theme).where(Theme.name == name))
    return theme or create_theme(name, THEMES[name])


def _services(names):
    return db.session.scalars(select(Service).where(Service.name.in_(names))).all()


def _load_proposal(spec) -> None:
    """Its story up to `state`: written in the evening, opened for support the next day,
    co-signed over the following days, submitted (then revised) or withdrawn."""
    if db.session.scalar(select(Proposal.id).where(Proposal.title == spec["title"])):
        return
    author, born = _member(spec["author"]), spec["born"]
    with at(born, 20, 15):
        proposal = operations.create_proposal(
            author, spec["title"], spec["body"], _theme(spec["theme"]), spec["language"],
            spec.get("summary"), _services(spec.get("services", [])),
        )  # fmt: skip
    if spec["state"] == "draft":
        return
    with at(born + 1, 9, 30):
        operations.open_for_support(proposal, author)
    for number, login in enumerate(spec["cosigners"]):
        with at(born + 2 + number // 2, 12 + 6 * (number % 2), 10):
            support.cosign_proposal(proposal, _member(login))
    if spec["state"] == "support":
        return
    if spec["state"] == "withdrawn":
        with at(spec["withdrawn"], 19, 0):
            operations.withdraw_proposal(proposal, author, reason=spec["reason"])
        return
    with at(born + 6, 21, 0):
        operations.submit_proposal(proposal, author)
    if "revision" in spec:
        with at(born + 7, 8, 45):
            operations.update_proposal(
                proposal, author, title=proposal.title, body=spec["revision"],
                summary=proposal.summary, theme=proposal.theme, language=proposal.language,
                services=proposal.services, seen_version=proposal.version,
            )  # fmt: skip


def load_demo() -> None:
    with at(-400):  # the council's themes date from its first year
        for name in THEMES:
            _theme(name)
    for spec in PROPOSALS:
        _load_proposal(spec)
    db.session.flush()
