/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-csv"

#include "sd-i18n.h"

#include <string.h>

#include "sd-csv.h"
#include "sd-error.h"

#define DEFAULT_CHUNK_SIZE (1024 * 1024)
/* AUTO decides on this much of the start; one chunk costs about a millisecond to check
 * and sees past an ASCII-only header and first rows better than a few KiB would. */
#define DETECT_SIZE DEFAULT_CHUNK_SIZE
/* A real record is a few KiB. A longer one is a quote that never closes, and the cap
 * keeps memory bounded when that happens at the start of a 100 MB file. */
#define MAX_RECORD_MIB 16
#define MAX_RECORD_SIZE ((gsize) MAX_RECORD_MIB * 1024 * 1024)

#define UTF8_BOM "\xEF\xBB\xBF"
#define GB18030_BOM "\x84\x31\x95\x33"

typedef enum
{
  STATE_RECORD_START,
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,   /* closing quote, or the first of a doubled one */
  STATE_AFTER_CLOSING,     /* spaces after a closing quote */
} ParseState;

typedef enum
{
  FILL_MORE,
  FILL_BAD,
  FILL_END,
  FILL_ERROR,
} FillResult;

typedef enum
{
  PROBLEM_NONE,
  PROBLEM_AFTER_QUOTE,
  PROBLEM_BAD_TEXT,
  PROBLEM_NUL,
} Problem;

struct _SdCsvReader
{
  /* Where the bytes come from: a stream, or memory the caller keeps alive. */
  GInputStream *stream;
  const guint8 *data;
  gsize         data_len;
  gsize         data_pos;
  /* What detection read from the stream, handed on before the stream is read again. */
  guint8       *peek;
  gsize         peek_len;
  gsize         peek_pos;
  gboolean      stream_done;  /* the stream has nothing more to give */
  gboolean      source_eof;   /* and everything read has been handed on */
  guint64       bytes_read;
  guint64       bytes_total;
  gsize         chunk_size;

  SdEncoding    encoding;
  guint8        delimiter;
  /* Bytes that end an unquoted field, so the inner loop is one lookup a byte. */
  guint8        ends_field[256];

  GIConv        iconv;
  guint8       *inbuf;       /* GB18030 bytes not converted yet */
  gsize         inbuf_len;
  gsize         inbuf_size;

  /* UTF-8 text: [pos, limit) is checked and ready, [limit, text_len) is not yet. */
  char         *text;
  gsize         text_len;
  gsize         text_size;
  gsize         pos;
  gsize         limit;
  gboolean      limit_bad;   /* text[limit] starts bytes that are not valid text */
  gboolean      skip_lf;     /* the last record ended in CR: an LF next belongs to it */
  gboolean      at_end;

  guint         row;
  guint         next_row;

  /* The record: fields one after the other, each NUL-terminated. */
  char         *rec;
  gsize         rec_len;
  gsize         rec_size;
  gsize         field_start;
  gsize        *field_off;
  guint         n_fields;
  guint         field_off_size;
  guint         n_returned;

  Problem       problem;
  guint         problem_column;
};

const char *
sd_encoding_to_string (SdEncoding encoding)
{
  switch (encoding)
    {
    case SD_ENCODING_AUTO:
      return "auto";
    case SD_ENCODING_UTF8:
      return "utf-8";
    case SD_ENCODING_GB18030:
      return "gb18030";
    default:
      g_return_val_if_reached ("auto");
    }
}

gboolean
sd_encoding_from_string (const char *name,
                         SdEncoding *out_encoding)
{
  static const struct {
    const char *name;
    SdEncoding encoding;
  } names[] = {
    { "auto", SD_ENCODING_AUTO },
    { "utf-8", SD_ENCODING_UTF8 },
    { "utf8", SD_ENCODING_UTF8 },
    /* GBK and GB2312 are subsets of GB18030: reading them as GB18030 is exact. */
    { "gb18030", SD_ENCODING_GB18030 },
    { "gbk", SD_ENCODING_GB18030 },
    { "gb2312", SD_ENCODING_GB18030 },
  };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (name, names[i].name) == 0)
        {
          if (out_encoding != NULL)
            *out_encoding = names[i].encoding;
          return TRUE;
        }
    }
  return FALSE;
}

/* TRUE when @p (@len bytes, at most 3) could be the start of a UTF-8 character that
 * the next read completes. */
static gboolean
is_incomplete_utf8 (const guint8 *p,
                    gsize         len)
{
  gsize need;

  if (len == 0 || len > 3)
    return FALSE;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    need = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    need = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    need = 4;
  else
    return FALSE;
  if (len >= need)
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

/* Valid UTF-8, allowing a character cut off at the end when @cut says we cut it. */
static gboolean
looks_like_utf8 (const guint8 *head,
                 gsize         len,
                 gboolean      cut)
{
  const char *end;

  if (g_utf8_validate_len ((const char *) head, len, &end))
    return TRUE;
  return cut && is_incomplete_utf8 ((const guint8 *) end, head + len - (const guint8 *) end);
}

/* Tab-separated when the first line has tabs and no commas outside quotes. The bytes
 * tested are ASCII and never occur inside a GB18030 character, so this works on the
 * undecoded bytes of either encoding. */
static guint8
detect_delimiter (const guint8 *head,
                  gsize         len)
{
  gboolean quoted = FALSE;
  guint tabs = 0;
  guint commas = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = head[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == ',')
        commas++;
      else if (c == '\t')
        tabs++;
      else if (c == '\n' || c == '\r')
        break;
    }
  return tabs > 0 && commas == 0 ? '\t' : ',';
}

static gboolean
has_prefix (const guint8 *head,
            gsize         len,
            const char   *prefix,
            gsize         prefix_len)
{
  return len >= prefix_len && memcmp (head, prefix, prefix_len) == 0;
}

static SdEncoding
detect_encoding (const guint8 *head,
                 gsize         len,
                 gboolean      cut)
{
  if (has_prefix (head, len, UTF8_BOM, 3))
    return SD_ENCODING_UTF8;
  if (has_prefix (head, len, GB18030_BOM, 4))
    return SD_ENCODING_GB18030;
  if (looks_like_utf8 (head, len, cut))
    return SD_ENCODING_UTF8;
  return SD_ENCODING_GB18030;
}

/* Files people pick by mistake, told apart before they turn into a screen of errors. */
static gboolean
refuse_non_csv (const guint8  *head,
                gsize          len,
                GError       **error)
{
  if (has_prefix (head, len, "PK\x03\x04", 4) ||
      has_prefix (head, len, "\xD0\xCF\x11\xE0", 4))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("This is an Excel workbook, not a CSV file. In Excel, "
                             "choose File → Save As and the type “CSV UTF-8”."));
      return FALSE;
    }
  if (has_prefix (head, len, "\xFF\xFE", 2) || has_prefix (head, len, "\xFE\xFF", 2))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("This file is in UTF-16 (Excel’s “Unicode Text”). In "
                             "Excel, save it with the type “CSV UTF-8” instead."));
      return FALSE;
    }
  return TRUE;
}

/* GB18030's two-byte characters (all of GBK) as UTF-8, built once from iconv itself so
 * the mapping is exactly iconv's, but read by table: several times faster than iconv,
 * which goes through UCS-4 for every character. Four-byte characters, rare in shop
 * data, still go through iconv one by one. */
#define GB_LEADS (0xFE - 0x81 + 1)
#define GB_TRAILS (0xFE - 0x40 + 1)

typedef struct
{
  guint8 len;        /* 0 when iconv does not take the pair */
  char   utf8[3];
} GbPair;

static gpointer
build_gb_pairs (gpointer data)
{
  GIConv cd = g_iconv_open ("UTF-8", "GB18030");
  GbPair *pairs;

  if (cd == (GIConv) -1)
    return NULL;
  pairs = g_new0 (GbPair, GB_LEADS * GB_TRAILS);
  for (guint lead = 0x81; lead <= 0xFE; lead++)
    for (guint trail = 0x40; trail <= 0xFE; trail++)
      {
        char in[2] = { (char) lead, (char) trail };
        char out[8];
        char *inp = in;
        char *outp = out;
        gsize in_left = 2;
        gsize out_left = sizeof out;
        GbPair *pair = &pairs[(lead - 0x81) * GB_TRAILS + (trail - 0x40)];

        if (g_iconv (cd, &inp, &in_left, &outp, &out_left) != (gsize) -1 &&
            in_left == 0 && outp - out <= 3)
          {
            pair->len = outp - out;
            memcpy (pair->utf8, out, pair->len);
          }
        g_iconv (cd, NULL, NULL, NULL, NULL);
      }
  g_iconv_close (cd);
  return pairs;
}

static const GbPair *
get_gb_pairs (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, build_gb_pairs, NULL);
}

static SdCsvReader *
reader_alloc (void)
{
  SdCsvReader *self = g_new0 (SdCsvReader, 1);

  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->iconv = (GIConv) -1;
  self->next_row = 1;
  /* Never NULL, so pointer arithmetic on an empty buffer stays defined. */
  self->text_size = 64;
  self->text = g_malloc (self->text_size);
  self->rec_size = 256;
  self->rec = g_malloc (self->rec_size);
  return self;
}

/* Decides encoding and separator from @head, the first bytes of the source, and
 * returns how many of them are a BOM to skip. */
static gboolean
reader_setup (SdCsvReader   *self,
              const guint8  *head,
              gsize          head_len,
              gboolean       cut,
              SdEncoding     encoding,
              gsize         *out_skip,
              GError       **error)
{
  gsize skip = 0;

  if (encoding == SD_ENCODING_AUTO)
    {
      if (!refuse_non_csv (head, head_len, error))
        return FALSE;
      encoding = detect_encoding (head, head_len, cut);
    }

  if (encoding == SD_ENCODING_UTF8 && has_prefix (head, head_len, UTF8_BOM, 3))
    skip = 3;
  else if (encoding == SD_ENCODING_GB18030 && has_prefix (head, head_len, GB18030_BOM, 4))
    skip = 4;

  if (encoding == SD_ENCODING_GB18030)
    {
      self->iconv = g_iconv_open ("UTF-8", "GB18030");
      if (self->iconv == (GIConv) -1 || get_gb_pairs () == NULL)
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_IO,
                               _("This system cannot convert GB18030 text"));
          return FALSE;
        }
    }

  self->encoding = encoding;
  self->delimiter = detect_delimiter (head + skip, head_len - skip);
  self->ends_field[self->delimiter] = 1;
  self->ends_field['\r'] = 1;
  self->ends_field['\n'] = 1;
  *out_skip = skip;
  return TRUE;
}

SdCsvReader *
sd_csv_reader_new_for_data (const char  *data,
                            gsize        length,
                            SdEncoding   encoding,
                            GError     **error)
{
  g_autoptr(SdCsvReader) self = NULL;
  gsize skip;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = reader_alloc ();
  self->data = (const guint8 *) (data != NULL ? data : "");
  self->data_len = length;
  self->bytes_total = length;
  if (!reader_setup (self, self->data, MIN (length, DETECT_SIZE), length > DETECT_SIZE,
                     encoding, &skip, error))
    return NULL;
  self->data_pos = skip;
  self->bytes_read = skip;
  return g_steal_pointer (&self);
}

SdCsvReader *
sd_csv_reader_new_for_path (const char  *path,
                            SdEncoding   encoding,
                            GError     **error)
{
  g_autoptr(SdCsvReader) self = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize skip;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, SD_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? SD_ERROR_NOT_FOUND : SD_ERROR_IO,
                   _("Cannot open “%s”: %s"), name, local_error->message);
      return NULL;
    }

  self = reader_alloc ();
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    self->bytes_total = (guint64) g_file_info_get_size (info);

  self->peek = g_malloc (DETECT_SIZE);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), self->peek, DETECT_SIZE,
                                &self->peek_len, NULL, &local_error))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, SD_ERROR, SD_ERROR_IO,
                   _("Cannot read “%s”: %s"), name, local_error->message);
      return NULL;
    }
  self->bytes_read = self->peek_len;
  self->stream_done = self->peek_len < DETECT_SIZE;
  self->stream = G_INPUT_STREAM (g_steal_pointer (&stream));

  if (!reader_setup (self, self->peek, self->peek_len, !self->stream_done,
                     encoding, &skip, error))
    return NULL;
  self->peek_pos = skip;
  return g_steal_pointer (&self);
}

void
sd_csv_reader_free (SdCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  if (self->iconv != (GIConv) -1)
    g_iconv_close (self->iconv);
  g_free (self->peek);
  g_free (self->inbuf);
  g_free (self->text);
  g_free (self->rec);
  g_free (self->field_off);
  g_free (self);
}

void
sd_csv_reader_set_chunk_size (SdCsvReader *self,
                              gsize        chunk_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (chunk_size > 0);

  self->chunk_size = chunk_size;
}

SdEncoding
sd_csv_reader_get_encoding (SdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, SD_ENCODING_AUTO);

  return self->encoding;
}

guint
sd_csv_reader_get_n_fields (SdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_returned;
}

const char *
sd_csv_reader_get_field (SdCsvReader *self,
                         guint        i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->n_returned, NULL);

  return self->rec + self->field_off[i];
}

guint
sd_csv_reader_get_row (SdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->row;
}

guint64
sd_csv_reader_get_bytes_read (SdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes_read;
}

guint64
sd_csv_reader_get_bytes_total (SdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes_total;
}

static void
ensure_size (void  **buf,
             gsize  *size,
             gsize   needed)
{
  gsize new_size;

  if (needed <= *size)
    return;
  new_size = MAX (*size, 64);
  while (new_size < needed)
    new_size *= 2;
  *buf = g_realloc (*buf, new_size);
  *size = new_size;
}

/* Reads at most @max bytes into @dest; 0 at the end. */
static gssize
read_source (SdCsvReader  *self,
             guint8       *dest,
             gsize         max,
             GError      **error)
{
  gsize n;

  if (self->peek != NULL)
    {
      n = MIN (max, self->peek_len - self->peek_pos);
      memcpy (dest, self->peek + self->peek_pos, n);
      self->peek_pos += n;
      if (self->peek_pos == self->peek_len)
        g_clear_pointer (&self->peek, g_free);
      if (n > 0)
        return n;
    }

  if (self->stream != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gssize r;

      if (self->stream_done)
        return 0;
      r = g_input_stream_read (self->stream, dest, max, NULL, &local_error);
      if (r < 0)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_IO,
                       _("Cannot read the file: %s"), local_error->message);
          return -1;
        }
      n = r;
    }
  else
    {
      n = MIN (max, self->data_len - self->data_pos);
      memcpy (dest, self->data + self->data_pos, n);
      self->data_pos += n;
    }
  self->bytes_read += n;
  return n;
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Eight bytes, the first in the lowest bits whatever the byte order. */
static inline guint64
load_word (const guint8 *p)
{
  guint64 w;

  memcpy (&w, p, sizeof w);
  return GUINT64_FROM_LE (w);
}

/* The high bit of each zero byte of @w is set, and maybe of bytes above the first
 * zero one (through the borrow), never below it: the lowest set bit is exact. */
static inline guint64
zero_bytes (guint64 w)
{
  return (w - ONES) & ~w & HIGHS;
}

/* What g_utf8_validate_len() does, at several times its speed on CSV text: runs of
 * ASCII are checked eight bytes at a time. NUL is invalid too. Returns the first
 * byte that does not start a valid character, or @end. */
static const guint8 *
validate_utf8 (const guint8 *p,
               const guint8 *end)
{
  while (p < end)
    {
      guint8 c = *p;

      if (c < 0x80)
        {
          if (c == 0)
            return p;
          p++;
          while (end - p >= 8)
            {
              guint64 w = load_word (p);

              if ((w & HIGHS) != 0 || zero_bytes (w) != 0)
                break;
              p += 8;
            }
          continue;
        }

      if (c < 0xC2)
        return p;
      if (c < 0xE0)
        {
          if (end - p < 2 || (p[1] & 0xC0) != 0x80)
            return p;
          p += 2;
        }
      else if (c < 0xF0)
        {
          /* No overlong forms (E0 80-9F) and no surrogates (ED A0-BF). */
          if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
              (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
            return p;
          p += 3;
        }
      else if (c < 0xF5)
        {
          /* No overlong forms (F0 80-8F) and nothing above U+10FFFF. */
          if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
              (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
            return p;
          p += 4;
        }
      else
        return p;
    }
  return p;
}

/* Moves limit over the text that is ready, stopping at bytes that are not valid text. */
static void
check_text (SdCsvReader *self)
{
  const char *start = self->text + self->limit;
  gsize len = self->text_len - self->limit;

  if (self->limit_bad || len == 0)
    return;

  if (self->encoding == SD_ENCODING_UTF8)
    {
      const guint8 *end = validate_utf8 ((const guint8 *) start, (const guint8 *) start + len);

      self->limit = (const char *) end - self->text;
      if (self->limit == self->text_len)
        return;
      /* A character cut by the end of this chunk is completed by the next. */
      if (!self->source_eof && is_incomplete_utf8 (end, self->text_len - self->limit))
        return;
      self->limit_bad = TRUE;
    }
  else
    {
      /* iconv wrote valid UTF-8; convert() marked what it could not read with 0xFF,
       * a byte UTF-8 never has, and a NUL is still possible. */
      const char *bad = memchr (start, 0xFF, len);
      const char *nul = memchr (start, 0, bad != NULL ? (gsize) (bad - start) : len);

      if (nul != NULL)
        bad = nul;
      if (bad != NULL)
        {
          self->limit = bad - self->text;
          self->limit_bad = TRUE;
        }
      else
        self->limit = self->text_len;
    }
}

/* Converts one four-byte GB18030 character; FALSE when it is not one. */
static gboolean
convert_four (SdCsvReader  *self,
              const guint8 *in)
{
  char *inp = (char *) in;
  char *out = self->text + self->text_len;
  gsize in_left = 4;
  gsize out_left = self->text_size - self->text_len;
  gsize r;

  r = g_iconv (self->iconv, &inp, &in_left, &out, &out_left);
  if (r == (gsize) -1 || in_left != 0)
    {
      g_iconv (self->iconv, NULL, NULL, NULL, NULL);
      return FALSE;
    }
  self->text_len = out - self->text;
  return TRUE;
}

static void
convert (SdCsvReader *self)
{
  const GbPair *pairs = get_gb_pairs ();
  const guint8 *in = self->inbuf;
  const guint8 *end = self->inbuf + self->inbuf_len;
  char *out;

  /* Two or four bytes become at most as many of UTF-8 plus one; the euro sign's one
   * byte becomes three. */
  ensure_size ((void **) &self->text, &self->text_size, self->text_len + self->inbuf_len * 3 + 8);
  out = self->text + self->text_len;

  while (in < end)
    {
      guint8 c = *in;

      if (c < 0x80)
        {
          *out++ = (char) c;
          in++;
          while (end - in >= 8)
            {
              guint64 w = load_word (in);

              if ((w & HIGHS) != 0)
                break;
              memcpy (out, in, 8);
              out += 8;
              in += 8;
            }
          continue;
        }

      if (c >= 0x81 && c <= 0xFE)
        {
          guint8 t;

          if (end - in < 2 && !self->source_eof)
            break; /* cut by the end of the chunk: wait for the rest */
          t = end - in >= 2 ? in[1] : 0;
          if (t >= 0x40 && t <= 0xFE)
            {
              const GbPair *pair = &pairs[(c - 0x81) * GB_TRAILS + (t - 0x40)];

              if (pair->len > 0)
                {
                  memcpy (out, pair->utf8, 3);
                  out += pair->len;
                  in += 2;
                  continue;
                }
            }
          else if (t >= 0x30 && t <= 0x39)
            {
              if (end - in < 4 && !self->source_eof)
                break;
              if (end - in >= 4)
                {
                  gboolean ok;

                  self->text_len = out - self->text;
                  ok = convert_four (self, in);
                  out = self->text + self->text_len;
                  if (ok)
                    {
                      in += 4;
                      continue;
                    }
                }
            }
        }

      /* Not GB18030 (or cut off by the end of the file): marked with 0xFF, a byte
       * UTF-8 never has, for check_text() to find. Code page 936, which Excel on
       * Chinese Windows actually writes, has the euro sign at 0x80. */
      if (c == 0x80)
        {
          memcpy (out, "\xE2\x82\xAC", 3);
          out += 3;
        }
      else
        *out++ = (char) 0xFF;
      in++;
    }

  self->text_len = out - self->text;
  memmove (self->inbuf, in, end - in);
  self->inbuf_len = end - in;
}

/* Called when the parser has used all checked text: reads and checks more. */
static FillResult
fill (SdCsvReader  *self,
      GError      **error)
{
  for (;;)
    {
      gssize n;
      gsize want;

      if (self->pos < self->limit)
        return FILL_MORE;
      if (self->limit_bad)
        return FILL_BAD;
      if (self->source_eof && self->pos == self->text_len && self->inbuf_len == 0)
        return FILL_END;

      if (self->pos > 0)
        {
          memmove (self->text, self->text + self->pos, self->text_len - self->pos);
          self->text_len -= self->pos;
          self->limit -= self->pos;
          self->pos = 0;
        }

      /* Small data gets a small buffer, not a whole chunk. */
      want = self->chunk_size;
      if (self->stream == NULL)
        want = CLAMP (self->data_len - self->data_pos, 1, want);

      if (self->encoding == SD_ENCODING_UTF8)
        {
          ensure_size ((void **) &self->text, &self->text_size, self->text_len + want);
          n = read_source (self, (guint8 *) self->text + self->text_len, want, error);
          if (n < 0)
            return FILL_ERROR;
          self->text_len += n;
        }
      else
        {
          ensure_size ((void **) &self->inbuf, &self->inbuf_size, self->inbuf_len + want);
          n = read_source (self, self->inbuf + self->inbuf_len, want, error);
          if (n < 0)
            return FILL_ERROR;
          self->inbuf_len += n;
        }
      if (n == 0)
        self->source_eof = TRUE;
      if (self->encoding == SD_ENCODING_GB18030)
        convert (self);
      check_text (self);
    }
}

static gboolean
grow_record (SdCsvReader *self,
             gsize        n)
{
  if (self->rec_len + n > MAX_RECORD_SIZE)
    return FALSE;
  ensure_size ((void **) &self->rec, &self->rec_size, self->rec_len + n);
  return TRUE;
}

static inline gboolean
append (SdCsvReader *self,
        const char  *p,
        gsize        n)
{
  if (G_UNLIKELY (self->rec_size - self->rec_len < n) && !grow_record (self, n))
    return FALSE;
  memcpy (self->rec + self->rec_len, p, n);
  self->rec_len += n;
  return TRUE;
}

static inline gboolean
end_field (SdCsvReader *self)
{
  if (!append (self, "", 1))
    return FALSE;
  if (G_UNLIKELY (self->n_fields == self->field_off_size))
    {
      self->field_off_size = MAX (16, self->field_off_size * 2);
      self->field_off = g_renew (gsize, self->field_off, self->field_off_size);
    }
  self->field_off[self->n_fields++] = self->field_start;
  self->field_start = self->rec_len;
  return TRUE;
}

static void
note_problem (SdCsvReader *self,
              Problem      problem)
{
  if (self->problem != PROBLEM_NONE)
    return;
  self->problem = problem;
  self->problem_column = self->n_fields + 1;
}

static gboolean
end_record (SdCsvReader  *self,
            guint8        terminator,
            GError      **error)
{
  self->next_row++;
  self->skip_lf = terminator == '\r';

  switch (self->problem)
    {
    case PROBLEM_NONE:
      self->n_returned = self->n_fields;
      return TRUE;
    case PROBLEM_AFTER_QUOTE:
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("row %u, column %u: text after the closing quote"),
                   self->row, self->problem_column);
      break;
    case PROBLEM_NUL:
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("row %u, column %u: the text contains a NUL byte"),
                   self->row, self->problem_column);
      break;
    case PROBLEM_BAD_TEXT:
      if (self->encoding == SD_ENCODING_UTF8)
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("row %u, column %u: the text is not valid UTF-8 (a file Excel "
                       "saved on Chinese Windows is GB18030)"),
                     self->row, self->problem_column);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("row %u, column %u: the text is not valid GB18030"),
                     self->row, self->problem_column);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
fail_too_long (SdCsvReader  *self,
               ParseState    state,
               GError      **error)
{
  self->at_end = TRUE;
  if (state == STATE_QUOTED)
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("row %u, column %u: a quoted field runs on for more than %u MiB; "
                   "is its closing quote missing?"),
                 self->row, self->n_fields + 1, MAX_RECORD_MIB);
  else
    g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                 _("row %u: the record is longer than %u MiB"),
                 self->row, MAX_RECORD_MIB);
  return FALSE;
}

static gboolean
finish_at_end (SdCsvReader  *self,
               ParseState    state,
               GError      **error)
{
  switch (state)
    {
    case STATE_RECORD_START:
      self->at_end = TRUE;
      return FALSE;
    case STATE_QUOTED:
      self->at_end = TRUE;
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("row %u, column %u: a quoted field is never closed"),
                   self->row, self->n_fields + 1);
      return FALSE;
    case STATE_FIELD_START:
    case STATE_UNQUOTED:
    case STATE_QUOTE_IN_QUOTED:
    case STATE_AFTER_CLOSING:
      if (!end_field (self))
        return fail_too_long (self, state, error);
      return end_record (self, '\n', error);
    default:
      g_assert_not_reached ();
    }
}

gboolean
sd_csv_reader_next (SdCsvReader  *self,
                    GError      **error)
{
  ParseState state = STATE_RECORD_START;
  const guint8 *ends_field;
  guint8 delimiter;
  guint64 delimiters;
  const guint64 crs = ONES * '\r';
  const guint64 lfs = ONES * '\n';

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->rec_len = 0;
  self->field_start = 0;
  self->n_fields = 0;
  self->n_returned = 0;
  self->problem = PROBLEM_NONE;
  if (self->at_end)
    return FALSE;

  ends_field = self->ends_field;
  delimiter = self->delimiter;
  delimiters = ONES * delimiter;

  for (;;)
    {
      const guint8 *text;
      guint8 c;

      if (self->pos == self->limit)
        {
          switch (fill (self, error))
            {
            case FILL_MORE:
              break;
            case FILL_END:
              return finish_at_end (self, state, error);
            case FILL_ERROR:
              self->at_end = TRUE;
              return FALSE;
            case FILL_BAD:
              if (state == STATE_RECORD_START)
                {
                  self->row = self->next_row;
                  self->skip_lf = FALSE;
                }
              if (state != STATE_QUOTED)
                state = STATE_UNQUOTED;
              note_problem (self, self->text[self->pos] == '\0' ? PROBLEM_NUL : PROBLEM_BAD_TEXT);
              /* Step over one byte and check again from there. */
              self->pos++;
              self->limit = self->pos;
              self->limit_bad = FALSE;
              check_text (self);
              continue;
            default:
              g_assert_not_reached ();
            }
        }

      text = (const guint8 *) self->text;
      c = text[self->pos];

      switch (state)
        {
        case STATE_RECORD_START:
          if (self->skip_lf)
            {
              self->skip_lf = FALSE;
              if (c == '\n')
                {
                  self->pos++;
                  break;
                }
            }
          if (c == '\n' || c == '\r')
            {
              /* An empty line: a row in Excel, but no record. */
              self->next_row++;
              self->skip_lf = c == '\r';
              self->pos++;
              break;
            }
          self->row = self->next_row;
          state = STATE_FIELD_START;
          break;

        case STATE_FIELD_START:
          if (c == '"')
            {
              self->pos++;
              state = STATE_QUOTED;
            }
          else if (c == delimiter)
            {
              self->pos++;
              if (!end_field (self))
                return fail_too_long (self, state, error);
            }
          else if (c == '\n' || c == '\r')
            {
              self->pos++;
              if (!end_field (self))
                return fail_too_long (self, state, error);
              return end_record (self, c, error);
            }
          else
            state = STATE_UNQUOTED;
          break;

        case STATE_UNQUOTED:
          {
            const guint8 *p = text + self->pos;
            const guint8 *end = text + self->limit;
            const guint8 *q = p;

            while (end - q >= 8)
              {
                guint64 w = load_word (q);
                guint64 hits = zero_bytes (w ^ delimiters) | zero_bytes (w ^ crs) |
                               zero_bytes (w ^ lfs);

                if (hits != 0)
                  {
                    q += __builtin_ctzll (hits) / 8;
                    goto found;
                  }
                q += 8;
              }
            while (q < end && !ends_field[*q])
              q++;
          found:
            if (!append (self, (const char *) p, q - p))
              return fail_too_long (self, state, error);
            self->pos += q - p;
            if (q == end)
              break;
            self->pos++;
            if (!end_field (self))
              return fail_too_long (self, state, error);
            if (*q == delimiter)
              state = STATE_FIELD_START;
            else
              return end_record (self, *q, error);
          }
          break;

        case STATE_QUOTED:
          {
            const char *p = self->text + self->pos;
            gsize len = self->limit - self->pos;
            const char *q = memchr (p, '"', len);

            if (q == NULL)
              {
                if (!append (self, p, len))
                  return fail_too_long (self, state, error);
                self->pos = self->limit;
                break;
              }
            if (!append (self, p, q - p))
              return fail_too_long (self, state, error);
            self->pos += q - p + 1;
            state = STATE_QUOTE_IN_QUOTED;
          }
          break;

        case STATE_QUOTE_IN_QUOTED:
        case STATE_AFTER_CLOSING:
          if (c == '"' && state == STATE_QUOTE_IN_QUOTED)
            {
              self->pos++;
              if (!append (self, "\"", 1))
                return fail_too_long (self, state, error);
              state = STATE_QUOTED;
            }
          else if (c == delimiter || c == '\n' || c == '\r')
            {
              self->pos++;
              if (!end_field (self))
                return fail_too_long (self, state, error);
              if (c != delimiter)
                return end_record (self, c, error);
              state = STATE_FIELD_START;
            }
          else if (c == ' ')
            {
              self->pos++;
              state = STATE_AFTER_CLOSING;
            }
          else
            {
              /* Go on to the end of the record, so the next one starts where it
               * should, reading the rest of this field as Excel would. */
              note_problem (self, PROBLEM_AFTER_QUOTE);
              state = STATE_UNQUOTED;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static inline gboolean
is_space_at (const char *p,
             const char *end)
{
  if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
    return TRUE;
  /* U+3000 IDEOGRAPHIC SPACE, what a Chinese input method types */
  return end - p >= 3 && (guint8) p[0] == 0xE3 && (guint8) p[1] == 0x80 && (guint8) p[2] == 0x80;
}

char *
sd_csv_clean_cell (const char *cell)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (cell != NULL, NULL);

  start = cell;
  end = cell + strlen (cell);
  while (start < end && is_space_at (start, end))
    start += *start == ' ' || (*start >= '\t' && *start <= '\r') ? 1 : 3;

  /* The apostrophe tells Excel "text follows, exactly like this". */
  if (*start == '\'')
    return g_strndup (start + 1, end - start - 1);

  for (;;)
    {
      if (end > start && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r')))
        end--;
      else if (end - start >= 3 && (guint8) end[-3] == 0xE3 &&
               (guint8) end[-2] == 0x80 && (guint8) end[-1] == 0x80)
        end -= 3;
      else
        break;
    }

  if (end - start >= 3 && start[0] == '=' && start[1] == '"' && end[-1] == '"')
    {
      GString *unwrapped = g_string_sized_new (end - start);

      for (const char *p = start + 2; p < end - 1; p++)
        {
          g_string_append_c (unwrapped, *p);
          if (*p == '"' && p + 1 < end - 1 && p[1] == '"')
            p++;
        }
      return g_string_free (unwrapped, FALSE);
    }

  return g_strndup (start, end - start);
}

void
sd_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] != NULL ? fields[i] : "";
      gsize len = strlen (field);
      gboolean neutralise;
      gboolean quote;

      if (i > 0)
        g_string_append_c (out, ',');

      neutralise = field[0] != '\0' && strchr ("=+-@\t\r'", field[0]) != NULL;
      /* A tab is quoted although commas separate, so a lone field with a tab cannot
       * make a reader take the file for tab-separated; a leading BOM so that it is
       * not taken for the file's. */
      quote = strpbrk (field, ",\"\r\n\t") != NULL ||
              (len > 0 && (field[0] == ' ' || field[len - 1] == ' ')) ||
              g_str_has_prefix (field, UTF8_BOM) ||
              (n_fields == 1 && len == 0);

      if (quote)
        g_string_append_c (out, '"');
      if (neutralise)
        g_string_append_c (out, '\'');
      if (quote)
        {
          for (const char *p = field; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append_len (out, field, len);
    }
  g_string_append (out, "\r\n");
}
