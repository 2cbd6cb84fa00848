"""Person names: varied and international, with nicknames and a few non-Latin names.

Names are grouped by origin so a person gets a first and last name from the same
tradition most of the time, as in real customer lists.
"""

FIRST_NAMES = {
    "english": [
        "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
        "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew",
        "Kenneth", "Kevin", "Brian", "George", "Edward", "Ronald", "Timothy", "Jason", "Jeffrey",
        "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Justin", "Scott",
        "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Jack", "Dennis",
        "Tyler", "Aaron", "Henry", "Adam", "Peter", "Nathan", "Zachary", "Kyle", "Oliver", "Harry",
        "Callum", "Rhys", "Owen", "Graham", "Stuart", "Neil", "Ian", "Martin", "Simon", "Philip",
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
        "Sarah", "Karen", "Nancy", "Lisa", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily",
        "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca",
        "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Helen", "Anna", "Brenda", "Pamela",
        "Nicole", "Emma", "Samantha", "Katherine", "Christine", "Rachel", "Catherine", "Janet",
        "Ruth", "Heather", "Diane", "Julie", "Victoria", "Olivia", "Kelly", "Christina", "Lauren",
        "Megan", "Andrea", "Hannah", "Jacqueline", "Abigail", "Julia", "Grace", "Danielle",
        "Sophie", "Charlotte", "Chloe", "Lucy", "Eleanor", "Harriet", "Imogen", "Zoë", "Gemma",
        "Natalie", "Fiona", "Joanne", "Claire", "Alison", "Louise", "Bethany",
    ],
    "german": ["Lukas", "Jonas", "Felix", "Maximilian", "Tobias", "Jürgen", "Günter", "Katrin",
               "Anja", "Sabine", "Jörg", "Björn", "Uwe", "Dörte", "Stefanie", "Matthias",
               "Sebastian", "Julia", "Annika", "Florian", "Kerstin", "Markus", "Ulrike"],
    "french": ["François", "Amélie", "Hélène", "Benoît", "Céline", "Jérôme", "Étienne", "Anaïs",
               "Thierry", "Mathilde", "Camille", "Julien", "Sébastien", "Élodie", "Guillaume",
               "Margaux", "Nicolas", "Aurélie"],
    "spanish": ["José", "Lucía", "Álvaro", "Sergio", "Carmen", "Javier", "Marta", "Pablo",
                "Inés", "Raúl", "Beatriz", "Alejandro", "Nuria", "Iñigo"],
    "italian": ["Alessandro", "Giulia", "Francesca", "Matteo", "Lorenzo", "Chiara", "Nicolò",
                "Federica", "Davide", "Elisa", "Giorgio", "Valentina", "Riccardo"],
    "irish": ["Siobhán", "Niamh", "Seán", "Aoife", "Ciarán", "Oisín", "Róisín", "Eoin",
              "Caoimhe", "Declan", "Orla", "Cormac"],
    "dutch": ["Sanne", "Joost", "Bram", "Femke", "Pieter", "Daan", "Lotte", "Maarten", "Eva",
              "Ruben", "Anouk", "Thijs"],
    "nordic": ["Søren", "Åsa", "Lars", "Ingrid", "Magnus", "Sigrid", "Henrik", "Astrid"],
    "polish": ["Łukasz", "Małgorzata", "Piotr", "Agnieszka", "Krzysztof", "Katarzyna", "Tomasz"],
    "indian": ["Priya", "Arjun", "Rahul", "Ananya", "Vikram", "Deepa", "Sanjay", "Kavya",
               "Rohan", "Meera", "Aditya", "Neha"],
    "chinese": ["Wei", "Mei", "Jing", "Hao", "Xin", "Yan", "Jun", "Lei", "Ying"],
    "japanese": ["Hiroshi", "Yuki", "Kenji", "Aiko", "Takeshi", "Naomi", "Haruto", "Sakura"],
    "korean": ["Min-jun", "Ji-woo", "Seo-yeon", "Hyun-woo", "Eun-ji"],
    "african": ["Chinedu", "Amara", "Kwame", "Ngozi", "Tunde", "Abena", "Oluwaseun", "Thandiwe"],
    "arabic": ["Fatima", "Omar", "Aisha", "Mohammed", "Tariq", "Layla", "Yusuf", "Karim", "Nadia"],
}

LAST_NAMES = {
    "english": [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark",
        "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill",
        "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner",
        "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris",
        "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell",
        "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray",
        "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins",
        "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Hamilton", "Graham", "Wallace",
        "Cole", "West", "Jordan", "Owens", "Reynolds", "Ellis", "Harrison", "Gibson", "McDonald",
        "Marshall", "Murray", "Ford", "Wells", "Fletcher", "Holland", "Chapman", "Barnes",
        "Pearson", "Lawson", "Knight", "Hunt", "Palmer", "Webb", "Lloyd", "Saunders", "Hartley",
        "Ashworth", "Pritchard", "Whitfield", "Caldwell", "Fairbairn", "MacLeod", "Fraser",
    ],
    "german": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
               "Schulz", "Hoffmann", "Koch", "Richter", "Krüger", "Schäfer", "Weiß", "Zimmermann",
               "Braun", "Hartmann", "Lange", "Vogel"],
    "french": ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Dupont", "Lambert",
               "Fontaine", "Rousseau", "Chevalier", "Mercier", "Blanchard", "Garnier"],
    "spanish": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
                "Pérez", "Gómez", "Díaz", "Ruiz", "Núñez", "Herrera", "Navarro"],
    "italian": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
                "Marino", "Greco", "Bruno", "Conti", "De Luca"],
    "irish": ["O'Brien", "O'Connor", "Byrne", "Walsh", "Ryan", "Doyle", "Kennedy", "Lynch",
              "McCarthy", "Ó Súilleabháin", "Gallagher", "Quinn", "Brennan"],
    "dutch": ["de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "de Jong",
              "van den Berg", "Mulder", "Vermeulen", "de Graaf"],
    "nordic": ["Johansson", "Nielsen", "Sørensen", "Lindqvist", "Andersson", "Halvorsen"],
    "polish": ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Zieliński"],
    "indian": ["Patel", "Sharma", "Singh", "Gupta", "Kumar", "Iyer", "Reddy", "Nair", "Mehta",
               "Chatterjee", "Joshi"],
    "chinese": ["Chen", "Wang", "Zhang", "Liu", "Huang", "Zhou", "Wu", "Lin", "Xu"],
    "japanese": ["Tanaka", "Sato", "Suzuki", "Yamamoto", "Watanabe", "Ito", "Nakamura", "Kobayashi"],
    "korean": ["Kim", "Park", "Choi", "Jung", "Kang"],
    "african": ["Okafor", "Mensah", "Adeyemi", "Nwosu", "Boateng", "Dlamini", "Okonkwo"],
    "arabic": ["Haddad", "Khan", "Ahmed", "Hassan", "Rahman", "Saleh", "Nasser", "Aziz"],
}

# Origin mix of the people in the CRM, per country they are based in.
ORIGIN_WEIGHTS = {
    "default": {"english": 55, "indian": 8, "chinese": 5, "african": 4, "arabic": 4, "irish": 4,
                "spanish": 4, "italian": 3, "german": 3, "french": 3, "polish": 2, "korean": 2,
                "japanese": 2, "dutch": 1, "nordic": 1},
    "Germany": {"german": 60, "english": 12, "polish": 6, "nordic": 4, "arabic": 6, "italian": 4,
                "dutch": 4, "french": 4},
    "France": {"french": 65, "english": 10, "arabic": 10, "spanish": 5, "italian": 5, "african": 5},
    "Ireland": {"irish": 55, "english": 30, "polish": 8, "indian": 7},
    "Netherlands": {"dutch": 60, "english": 15, "german": 8, "arabic": 7, "nordic": 5, "indian": 5},
    "Italy": {"italian": 75, "english": 10, "french": 5, "spanish": 5, "arabic": 5},
    "Spain": {"spanish": 75, "english": 10, "italian": 5, "french": 5, "arabic": 5},
}

# A handful of contacts whose names are written in their own script, with the Latin
# transliteration their company email address uses. Japanese contacts keep the family name
# in Last Name, as Salesforce stores it.
NON_LATIN_PEOPLE = [
    ("Γιώργος", "Παπαδόπουλος", "giorgos", "papadopoulos"),
    ("Ελένη", "Γεωργίου", "eleni", "georgiou"),
    ("Νίκος", "Αντωνίου", "nikos", "antoniou"),
    ("Κατερίνα", "Δημητρίου", "katerina", "dimitriou"),
    ("太郎", "山田", "taro", "yamada"),
    ("花子", "佐藤", "hanako", "sato"),
    ("健", "鈴木", "ken", "suzuki"),
    ("由美", "高橋", "yumi", "takahashi"),
    ("翔太", "田中", "shota", "tanaka"),
    ("伟", "王", "wei", "wang"),
]

# Formal first name -> nicknames people are recorded under (used for fuzzy duplicates, and to
# stop two different people from looking like one).
NICKNAMES = {
    "William": ["Bill", "Will"], "Robert": ["Bob", "Rob"], "Katherine": ["Kate", "Kathy"],
    "Elizabeth": ["Liz", "Beth"], "Michael": ["Mike"], "James": ["Jim", "Jamie"],
    "Richard": ["Rich", "Rick"], "Thomas": ["Tom"], "Christopher": ["Chris"],
    "Jennifer": ["Jen", "Jenny"], "Margaret": ["Maggie"], "Anthony": ["Tony"],
    "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"], "Andrew": ["Andy"], "Joseph": ["Joe"],
    "Edward": ["Ed", "Ted"], "Alexander": ["Alex"], "Samuel": ["Sam"], "Benjamin": ["Ben"],
    "Nicholas": ["Nick"], "Jonathan": ["Jon"], "Patricia": ["Pat", "Trish"],
    "Rebecca": ["Becky"], "Stephanie": ["Steph"], "Victoria": ["Vicky"], "Deborah": ["Debbie"],
    "Susan": ["Sue"], "Catherine": ["Cathy", "Kate"], "Timothy": ["Tim"], "Steven": ["Steve"],
    "Gregory": ["Greg"], "Kenneth": ["Ken"], "Ronald": ["Ron"], "Jacob": ["Jake"],
    "Peter": ["Pete"], "Zachary": ["Zach"], "Nathan": ["Nate"], "Abigail": ["Abby"],
    "Samantha": ["Sam"], "Kimberly": ["Kim"], "Pamela": ["Pam"], "Philip": ["Phil"],
}
NICKNAME_TO_FORMAL = {nick: formal for formal, nicks in NICKNAMES.items() for nick in nicks}

# Different people who happen to share a name (planted on purpose; they are NOT duplicates).
HOMONYM_NAMES = [("John", "Smith"), ("Maria", "Garcia"), ("David", "Lee"), ("Sarah", "Johnson"),
                 ("Thomas", "Müller")]

PERSONAL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com",
                    "hotmail.com", "icloud.com"]
PERSONAL_DOMAINS_UK = ["gmail.com", "gmail.com", "outlook.com", "hotmail.co.uk", "btinternet.com",
                       "yahoo.co.uk"]
