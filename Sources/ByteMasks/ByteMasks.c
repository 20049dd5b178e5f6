// The functions are static inline in the header, so that Swift inlines them.
#include "ByteMasks.h"
