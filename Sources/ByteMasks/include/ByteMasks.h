#ifndef BYTE_MASKS_H
#define BYTE_MASKS_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The bytes that can end a field in 64 bytes of CSV text, one bit a byte (bit i for byte i).
typedef struct {
  /// Delimiters, newlines and carriage returns.
  uint64_t fieldEnds;
  /// Quotes, newlines and carriage returns.
  uint64_t quoteStops;
} ByteMasksCSVBlock;

/// The masks of the 64 bytes at `bytes`, which must all be readable. Swift inlines this
/// function, and SSE2, which every x86-64 processor has, gathers a comparison's sixteen
/// lanes into sixteen bits with one instruction.
static inline ByteMasksCSVBlock byte_masks_csv_block(const uint8_t *bytes, uint8_t delimiter) {
  ByteMasksCSVBlock masks = {0, 0};
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8((char)delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i returns = _mm_set1_epi8('\r');
  const __m128i quotes = _mm_set1_epi8('"');
  for (int lane = 0; lane < 4; lane++) {
    __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + lane * 16));
    __m128i lineEnds = _mm_or_si128(_mm_cmpeq_epi8(chunk, newlines), _mm_cmpeq_epi8(chunk, returns));
    uint64_t ends = (uint16_t)_mm_movemask_epi8(_mm_or_si128(lineEnds, _mm_cmpeq_epi8(chunk, delimiters)));
    uint64_t stops = (uint16_t)_mm_movemask_epi8(_mm_or_si128(lineEnds, _mm_cmpeq_epi8(chunk, quotes)));
    masks.fieldEnds |= ends << (lane * 16);
    masks.quoteStops |= stops << (lane * 16);
  }
#else
  for (int index = 0; index < 64; index++) {
    uint8_t byte = bytes[index];
    uint64_t lineEnd = byte == '\n' || byte == '\r';
    masks.fieldEnds |= (lineEnd | (byte == delimiter)) << index;
    masks.quoteStops |= (lineEnd | (byte == '"')) << index;
  }
#endif
  return masks;
}

#endif
