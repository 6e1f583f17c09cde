/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-key-index"

#include <string.h>

#include "sd-key-index.h"

typedef struct
{
  guint64     hash;     /* 0: empty */
  const char *key;
  guint32     len;
  gint64      id;
} Slot;

struct _SdKeyIndex
{
  Slot         *slots;
  gsize         mask;
  gsize         n;
  GStringChunk *arena;
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
  index->arena = g_string_chunk_new (1 << 20);
  return index;
}

void
sd_key_index_free (SdKeyIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->slots);
  g_string_chunk_free (index->arena);
  g_free (index);
}

gsize
sd_key_index_size (SdKeyIndex *index)
{
  return index->n;
}

static Slot *
find_slot (Slot       *slots,
           gsize       mask,
           guint64     hash,
           const char *key,
           gsize       len)
{
  gsize i = hash & mask;

  for (;;)
    {
      Slot *slot = &slots[i];
      if (slot->hash == 0)
        return slot;
      if (slot->hash == hash && slot->len == len && memcmp (slot->key, key, len) == 0)
        return slot;
      i = (i + 1) & mask;
    }
}

gint64
sd_key_index_lookup (SdKeyIndex *index,
                     const char *key,
                     gsize       len)
{
  Slot *slot = find_slot (index->slots, index->mask, hash_bytes (key, len), key, len);

  return slot->hash ? slot->id : 0;
}

static void
grow (SdKeyIndex *index)
{
  gsize capacity = (index->mask + 1) * 2;
  Slot *slots = g_new0 (Slot, capacity);

  for (gsize i = 0; i <= index->mask; i++)
    if (index->slots[i].hash != 0)
      *find_slot (slots, capacity - 1, index->slots[i].hash, index->slots[i].key, index->slots[i].len) = index->slots[i];
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
  Slot *slot = find_slot (index->slots, index->mask, hash, key, len);

  if (slot->hash != 0)
    return;
  slot->hash = hash;
  slot->key = g_string_chunk_insert_len (index->arena, key, (gssize) len);
  slot->len = (guint32) len;
  slot->id = id;
  if (++index->n * 10 > (index->mask + 1) * 7)
    grow (index);
}
