/// A comparison operator of the query language.
public enum ComparisonOperator: String, Sendable, CaseIterable {
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="

  /// Whether `order` (negative, zero or positive, as `lhs` compares to `rhs`) satisfies
  /// `lhs OP rhs`.
  @inlinable
  public func holds(_ order: Int) -> Bool {
    switch self {
    case .equal: return order == 0
    case .notEqual: return order != 0
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    case .greaterOrEqual: return order >= 0
    }
  }

  /// The operator that gives the same answer with the operands swapped.
  public var mirrored: ComparisonOperator {
    switch self {
    case .equal, .notEqual: return self
    case .less: return .greater
    case .lessOrEqual: return .greaterOrEqual
    case .greater: return .less
    case .greaterOrEqual: return .lessOrEqual
    }
  }
}

/// A condition over accounts, evaluated with SQL's three-valued logic: a comparison with a
/// missing value is unknown, `not` of unknown is unknown, and only true rows are selected.
/// The literal of a comparison has the type of its field (cents for money, a `Day` for
/// dates); the interpreter converts it before building the condition.
public indirect enum Condition: Sendable, Equatable {
  case constant(Bool)
  case compare(FieldReference, ComparisonOperator, Value)
  /// Case-insensitive substring test on the field's text.
  case contains(FieldReference, String)
  case oneOf(FieldReference, [Value])
  /// True for a missing cell, false otherwise; never unknown.
  case missing(FieldReference)
  case not(Condition)
  case and(Condition, Condition)
  case or(Condition, Condition)
  /// Turns unknown into false, as a named segment does: an account is in it or not.
  case definite(Condition)
  /// A precomputed set of rows, for conditions that rank (such as the top N by ARR).
  case rows(Bitset)
}

/// The outcome of a condition for every row: the rows where it is true and the rows where
/// it is false. A row in neither is unknown.
public struct Truth: Sendable {
  public var isTrue: Bitset
  public var isFalse: Bitset

  public init(isTrue: Bitset, isFalse: Bitset) {
    self.isTrue = isTrue
    self.isFalse = isFalse
  }
}
