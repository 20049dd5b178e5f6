extension TextFolding {
  /// The UTF-8 bytes of `string` with diacritics removed and case folded, scalar by scalar,
  /// as `searchKey` needs them before NFC and lowercasing. ASCII letters are lowercased, and
  /// so are most others, but a few that folding leaves alone stay uppercase.
  ///
  /// After NFC and lowercasing, the result equals Foundation's `folding(options:
  /// [.caseInsensitive, .diacriticInsensitive], locale: nil)` treated the same way, which
  /// `searchKey` used before. `foldedScalars`, generated from Foundation, contains the
  /// folded text of the scalars that folding changes, and `MarkRule` describes what
  /// happens to the combining marks after them.
  static func removingDiacritics(_ string: String) -> [UInt8] {
    var folder = DiacriticFolder(capacity: string.utf8.count)
    for scalar in string.unicodeScalars {
      folder.append(scalar)
    }
    return folder.bytes
  }
}

/// The treatment of the combining marks after a character in Foundation's folding.
private enum MarkRule {
  /// Every mark is dropped after a character whose folded text starts below U+0510
  /// (Latin, Greek, Cyrillic).
  case dropAll
  /// After a character at or above U+0510 that folding leaves alone, a first mark below
  /// U+0510 is dropped and the other marks are kept.
  case dropFirstBelow0510
  /// Every mark is kept after a character at or above U+0510 that folding changes, such
  /// as `Ա` → `ա`.
  case keepAll
}

/// The folded bytes of one string, built scalar by scalar.
private struct DiacriticFolder {
  private(set) var bytes: [UInt8] = []
  /// True where a scalar starts a new character even when it is a combining mark: at the
  /// start and after NUL, which Foundation's folding passes over without taking marks.
  private var startsCharacter = true
  private var marks = MarkRule.dropAll
  private var isFirstMark = true
  /// The offset in `bytes` where the current character's scalars with a nonzero combining
  /// class begin, if any. Foundation orders a character's scalars by combining class, so a
  /// kept mark of class 0 (such as U+0E31 or U+FE0F) goes before them. NFC orders the
  /// others afterwards.
  private var classedStart: Int? = nil

  init(capacity: Int) {
    bytes.reserveCapacity(capacity)
  }

  mutating func append(_ scalar: Unicode.Scalar) {
    if scalar.value < 0x80 {
      bytes.append(TextFolding.lowerASCII(UInt8(truncatingIfNeeded: scalar.value)))
      startsCharacter = scalar.value == 0
      marks = .dropAll
      classedStart = nil
      return
    }

    let combining = Self.isCombining(scalar)
    if combining && !startsCharacter {
      appendMark(scalar)
    } else {
      appendCharacter(scalar, combining: combining)
    }
  }

  /// Appends the folded text of a scalar that starts a character.
  private mutating func appendCharacter(_ scalar: Unicode.Scalar, combining: Bool) {
    startsCharacter = false
    isFirstMark = true
    classedStart = nil
    // Only combining marks have a nonzero combining class, so only a mark that starts a
    // character can start the classed scalars here.
    if let folded = TextFolding.foldedScalars[scalar.value] {
      for part in folded.unicodeScalars {
        if combining && classedStart == nil && Self.hasCombiningClass(part) {
          classedStart = bytes.count
        }
        appendUTF8(part)
      }
      let first = folded.unicodeScalars.first ?? scalar
      marks = first.value < 0x510 ? .dropAll : .keepAll
    } else {
      if combining && Self.hasCombiningClass(scalar) {
        classedStart = bytes.count
      }
      appendUTF8(scalar)
      marks = scalar.value < 0x510 ? .dropAll : .dropFirstBelow0510
    }
  }

  /// Appends a combining mark that follows a character, or drops it.
  private mutating func appendMark(_ scalar: Unicode.Scalar) {
    let keeps: Bool
    switch marks {
    case .dropAll: keeps = false
    case .dropFirstBelow0510: keeps = !isFirstMark || scalar.value >= 0x510
    case .keepAll: keeps = true
    }
    isFirstMark = false
    guard keeps else { return }

    if Self.hasCombiningClass(scalar) {
      if classedStart == nil { classedStart = bytes.count }
      appendUTF8(scalar)
    } else if let start = classedStart {
      let encoded = Array(String(scalar).utf8)
      bytes.insert(contentsOf: encoded, at: start)
      classedStart = start + encoded.count
    } else {
      appendUTF8(scalar)
    }
  }

  @inline(__always)
  private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
    UTF8.encode(scalar) { bytes.append($0) }
  }

  @inline(__always)
  private static func hasCombiningClass(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x300 && scalar.properties.canonicalCombiningClass != .notReordered
  }

  /// Returns true when `scalar` extends the character before it, as Foundation's folding
  /// counts combining marks: the Grapheme_Extend property (nonspacing and enclosing marks,
  /// a few spacing marks, ZWNJ, tags) and the emoji skin-tone modifiers.
  ///
  /// NOTE: Foundation's table follows an older Unicode version, so for about a hundred
  /// marks that later versions added or reclassified (such as U+1AD0–U+1AEB, or Kannada
  /// vowel signs) the result after a Latin letter differs from Foundation's.
  @inline(__always)
  private static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
    guard scalar.value >= 0x300 else { return false }

    let properties = scalar.properties
    return properties.isGraphemeExtend || properties.isEmojiModifier
  }
}
