/// The journal: see Journal.swift.
enum JournalModule {}
