/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-key-index"

#include <string.h>

#include "sd-key-index.h"

/* 16 bytes a slot: the strings live in one arena, found by offset. */
typedef struct
{
  guint64 hash;     /* 0: empty */
  guint32 id;
  guint32 offset;   /* of the key, NUL-terminated, in the arena */
} Slot;

struct _SdKeyIndex
{
  Slot       *slots;
  gsize       mask;
  gsize       n;
  GByteArray *arena;
};

static guint64
hash_bytes (const char *key,
            gsize       len)
{
  /* FNV-1a, then a final mix so that the low bits (the slot) depend on every byte. */
  guint64 h = 0xcbf29ce484222325ull;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) key[i];
      h *= 0x100000001b3ull;
    }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h ? h : 1;
}

SdKeyIndex *
sd_key_index_new (gsize expected)
{
  SdKeyIndex *index = g_new0 (SdKeyIndex, 1);
  gsize capacity = 1024;

  while (capacity < expected * 2)
    capacity <<= 1;
  index->slots = g_new0 (Slot, capacity);
  index->mask = capacity - 1;
  index->arena = g_byte_array_sized_new (1 << 20);
  return index;
}

void
sd_key_index_free (SdKeyIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->slots);
  g_byte_array_unref (index->arena);
  g_free (index);
}

gsize
sd_key_index_size (SdKeyIndex *index)
{
  return index->n;
}

static gboolean
slot_holds (const SdKeyIndex *index,
            const Slot       *slot,
            const char       *key,
            gsize             len)
{
  const char *stored = (const char *) index->arena->data + slot->offset;

  return memcmp (stored, key, len) == 0 && stored[len] == '\0';
}

static Slot *
find_slot (const SdKeyIndex *index,
           Slot             *slots,
           gsize             mask,
           guint64           hash,
           const char       *key,
           gsize             len)
{
  gsize i = hash & mask;

  for (;;)
    {
      Slot *slot = &slots[i];
      if (slot->hash == 0)
        return slot;
      if (slot->hash == hash && slot_holds (index, slot, key, len))
        return slot;
      i = (i + 1) & mask;
    }
}

gint64
sd_key_index_lookup (SdKeyIndex *index,
                     const char *key,
                     gsize       len)
{
  Slot *slot = find_slot (index, index->slots, index->mask, hash_bytes (key, len), key, len);

  return slot->hash ? slot->id : 0;
}

static void
grow (SdKeyIndex *index)
{
  gsize capacity = (index->mask + 1) * 2;
  Slot *slots = g_new0 (Slot, capacity);

  /* Keys are distinct already: a free slot for each is all a move needs. */
  for (gsize i = 0; i <= index->mask; i++)
    if (index->slots[i].hash != 0)
      {
        gsize j = index->slots[i].hash & (capacity - 1);
        while (slots[j].hash != 0)
          j = (j + 1) & (capacity - 1);
        slots[j] = index->slots[i];
      }
  g_free (index->slots);
  index->slots = slots;
  index->mask = capacity - 1;
}

void
sd_key_index_insert (SdKeyIndex *index,
                     const char *key,
                     gsize       len,
                     gint64      id)
{
  guint64 hash = hash_bytes (key, len);
  Slot *slot = find_slot (index, index->slots, index->mask, hash, key, len);
  static const guint8 nul = 0;

  g_return_if_fail (id > 0 && id <= G_MAXUINT32);
  g_return_if_fail (index->arena->len + len + 1 <= G_MAXUINT32);

  if (slot->hash != 0)
    return;
  slot->hash = hash;
  slot->id = (guint32) id;
  slot->offset = index->arena->len;
  g_byte_array_append (index->arena, (const guint8 *) key, (guint) len);
  g_byte_array_append (index->arena, &nul, 1);
  if (++index->n * 10 > (index->mask + 1) * 7)
    grow (index);
}
