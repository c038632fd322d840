//! Names and message texts for the demo community (English and Hebrew, like the communities
//! snowball was written for). The texts go through the real thanks and question detection.

pub const FIRST: &[&str] = &[
    "Noa", "Dana", "Omer", "Yael", "Maya", "Daniel", "Avi", "Tamar", "Itai", "Shira", "Lior", "Roni", "Eitan",
    "Michal", "Amit", "Gal", "Yoni", "Noam", "Hila", "Ido", "Sarah", "James", "Emma", "Liam", "Olivia", "Lucas", "Mia",
    "Ethan", "Ava", "Leo", "Chloe", "Adam", "Zoe", "Ben", "Nina", "Sam", "Ella", "Max", "Lea", "Tom", "Priya", "Arjun",
    "Sofia", "Mateo", "Aisha", "Omar", "Hana", "Kenji", "Ines", "Pablo",
];

pub const LAST: &[&str] = &[
    "Levi",
    "Cohen",
    "Mizrahi",
    "Peretz",
    "Biton",
    "Friedman",
    "Avraham",
    "Katz",
    "Shapiro",
    "Ben-David",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Lopez",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Rossi",
    "Müller",
    "Dubois",
    "Silva",
    "Kowalski",
    "Tanaka",
    "Khan",
    "Haddad",
];

/// Questions (they end with a question mark or open with a question word).
pub const QUESTIONS: &[&str] = &[
    "How do you price a first consulting gig?",
    "Anyone tried the new analytics dashboard?",
    "What is the best way to onboard a new client?",
    "Where can I find the recording of last week's session?",
    "Which CRM do you use for a small team?",
    "Why does my invoice template break in PDF?",
    "איך מתמחרים סדנה ראשונה?",
    "מישהו מכיר רואה חשבון טוב לעצמאים?",
    "מה הדרך הכי טובה לגייס לקוחות ראשונים?",
    "Is there a template for a project proposal?",
];

/// Answers (neither thanks nor questions).
pub const ANSWERS: &[&str] = &[
    "I start with a small paid pilot, then a retainer.",
    "There is a pinned guide in the resources channel.",
    "We use a shared doc and a short kickoff call.",
    "It's in the archive, second link from the top.",
    "A spreadsheet works fine until about ten clients.",
    "Export to PDF from the browser, not the app.",
    "הכי טוב להתחיל מפיילוט קטן בתשלום.",
    "יש לי המלצה, שולח לך בפרטי.",
    "לדעתי דרך המלצות של לקוחות קיימים.",
];

/// Thanks, in the many ways people say it.
pub const THANKS: &[&str] = &[
    "Thanks, that helped a lot!",
    "thank you!!",
    "thx, works now",
    "Really appreciate it 🙏",
    "תודה רבה!",
    "ותודה על ההמלצה",
    "תנקס, עזרת מאוד",
    "ty!",
    "🙏🙏",
    "cheers, exactly what I needed",
];

/// Everything else people say.
pub const CHATTER: &[&str] = &[
    "Good morning everyone",
    "Sharing an article I liked about pricing",
    "Just landed my second client this month",
    "The meetup last night was great",
    "Working on my portfolio this week",
    "בוקר טוב לכולם",
    "שיתוף: סיימתי פרויקט ראשון עם לקוח",
    "Anyone up for a coworking day on Thursday",
    "New blog post is up",
    "Welcome to all the new members",
    "no thanks, I'll pass on that one",
];

/// Reactions: most are configured (they credit), some are not.
pub const COUNTED_EMOJI: &[&str] = &["🙏", "❤️", "🔥", "💯", "👏"];
pub const OTHER_EMOJI: &[&str] = &["👍", "😂", "👀"];
