/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <glib/gstdio.h>
#include <string.h>

#include "sd-csv.h"
#include "sd-error.h"

/* The rows of tests/data/csv/customers-*.csv as this reader must give them: raw
 * fields (Excel protection still on), Excel row numbers (row 4 is an empty line, row 6
 * has a line break inside its address). The GB18030 file is customers-utf8-bom.csv
 * converted with iconv -f UTF-8 -t GB18030, its BOM cut off as Excel writes none. */
static const char customers_dump[] =
  "1:买家会员名|收货人姓名|联系手机|收货地址|订单编号\n"
  "2:小明爱购物|张三|13812345678|浙江省 杭州市 西湖区 文三路 1 号, 3 楼|=\"0012345\"\n"
  "3:tb_lili|李丽|'13900001111|北京市 北京市 朝阳区 望京街 8 号|'202401010001\n"
  "5:𠮷野家|王五|138****5678|广东省 深圳市 南山区 \"科技园\" 2 栋|\t88889999\n"
  "6:赵六|赵　六|+86 186 0000 2222|上海市 上海市 浦东新区\r\n世纪大道 100 号|\n";

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("SHOPDESK_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "csv", name, NULL);
}

/* Renders everything the reader gives, one line per record ("row:field|field") or
 * per error ("!message"), so a test can compare all of it at once. */
static char *
dump (SdCsvReader *reader)
{
  GString *out = g_string_new (NULL);

  for (guint guard = 0; guard < 10000000; guard++)
    {
      g_autoptr(GError) error = NULL;

      if (!sd_csv_reader_next (reader, &error))
        {
          if (error == NULL)
            return g_string_free (out, FALSE);
          g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
          g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, 0);
          g_string_append_printf (out, "!%s\n", error->message);
          continue;
        }
      g_string_append_printf (out, "%u:", sd_csv_reader_get_row (reader));
      for (guint i = 0; i < sd_csv_reader_get_n_fields (reader); i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, sd_csv_reader_get_field (reader, i));
        }
      g_string_append_c (out, '\n');
    }
  g_assert_not_reached ();
}

static char *
dump_data (const char *data,
           gssize      len,
           SdEncoding  encoding,
           gsize       chunk_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = NULL;

  reader = sd_csv_reader_new_for_data (data, len < 0 ? strlen (data) : (gsize) len,
                                       encoding, &error);
  g_assert_no_error (error);
  if (chunk_size > 0)
    sd_csv_reader_set_chunk_size (reader, chunk_size);
  return dump (reader);
}

static char *
dump_path (const char *name,
           SdEncoding  encoding,
           SdEncoding  expected_encoding)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path (path, encoding, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sd_csv_reader_get_encoding (reader), ==, expected_encoding);
  return dump (reader);
}

static void
test_encoding_names (void)
{
  static const struct {
    const char *name;
    SdEncoding encoding;
  } names[] = {
    { "auto", SD_ENCODING_AUTO },
    { "AUTO", SD_ENCODING_AUTO },
    { "utf-8", SD_ENCODING_UTF8 },
    { "UTF-8", SD_ENCODING_UTF8 },
    { "utf8", SD_ENCODING_UTF8 },
    { "gb18030", SD_ENCODING_GB18030 },
    { "GB18030", SD_ENCODING_GB18030 },
    { "gbk", SD_ENCODING_GB18030 },
    { "GBK", SD_ENCODING_GB18030 },
    { "gb2312", SD_ENCODING_GB18030 },
  };
  SdEncoding encoding;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      encoding = 99;
      g_assert_true (sd_encoding_from_string (names[i].name, &encoding));
      g_assert_cmpint (encoding, ==, names[i].encoding);
    }
  encoding = SD_ENCODING_GB18030;
  g_assert_false (sd_encoding_from_string ("latin1", &encoding));
  g_assert_false (sd_encoding_from_string ("", &encoding));
  g_assert_false (sd_encoding_from_string ("utf-16", &encoding));
  g_assert_cmpint (encoding, ==, SD_ENCODING_GB18030);

  g_assert_cmpstr (sd_encoding_to_string (SD_ENCODING_AUTO), ==, "auto");
  g_assert_cmpstr (sd_encoding_to_string (SD_ENCODING_UTF8), ==, "utf-8");
  g_assert_cmpstr (sd_encoding_to_string (SD_ENCODING_GB18030), ==, "gb18030");
}

static void
test_utf8 (void)
{
  g_autofree char *got = dump_path ("customers-utf8.csv", SD_ENCODING_AUTO, SD_ENCODING_UTF8);

  g_assert_cmpstr (got, ==, customers_dump);
}

static void
test_utf8_bom (void)
{
  g_autofree char *got = dump_path ("customers-utf8-bom.csv", SD_ENCODING_AUTO, SD_ENCODING_UTF8);
  g_autofree char *forced = dump_path ("customers-utf8-bom.csv", SD_ENCODING_UTF8, SD_ENCODING_UTF8);

  /* The BOM is not part of the first header. */
  g_assert_cmpstr (got, ==, customers_dump);
  g_assert_cmpstr (forced, ==, customers_dump);
}

static void
test_gb18030 (void)
{
  g_autofree char *got = dump_path ("customers-gb18030.csv", SD_ENCODING_AUTO, SD_ENCODING_GB18030);
  g_autofree char *forced = dump_path ("customers-gb18030.csv", SD_ENCODING_GB18030, SD_ENCODING_GB18030);

  g_assert_cmpstr (got, ==, customers_dump);
  g_assert_cmpstr (forced, ==, customers_dump);
}

static void
test_gb18030_bom_and_euro (void)
{
  /* GB18030's own BOM is skipped; 0x80 is the euro sign of code page 936. */
  g_autofree char *got = dump_data ("\x84\x31\x95\x33" "\xc9\xcc\xc6\xb7,\x80" "5\n", -1,
                                    SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (got, ==, "1:商品|€5\n");
}

static void
test_forced_utf8_invalid (void)
{
  g_autofree char *path = data_path ("customers-gb18030.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path (path, SD_ENCODING_UTF8, &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sd_csv_reader_get_encoding (reader), ==, SD_ENCODING_UTF8);
  got = dump (reader);
  /* Every row has Chinese text except the empty one, so every record fails, each
   * naming its row and the first column with bytes that are not UTF-8. */
  g_assert_cmpstr (got, ==,
    "!row 1, column 1: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "!row 2, column 1: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "!row 3, column 2: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "!row 5, column 1: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "!row 6, column 1: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n");
}

static void
test_invalid_bytes_skip_record (void)
{
  g_autofree char *utf8 = dump_data ("a,b\nx,\xff\xfe" "y\nc,d\n", -1, SD_ENCODING_UTF8, 0);
  g_autofree char *cut = dump_data ("a,b\nc,\xe4\xb8", -1, SD_ENCODING_UTF8, 0);
  g_autofree char *gb = dump_data ("a,b\n\xc9\xcc,\xff\n\xc9\xcc,d\n", -1, SD_ENCODING_GB18030, 0);
  g_autofree char *gb_cut = dump_data ("a,b\nc,\xc9", -1, SD_ENCODING_GB18030, 0);
  g_autofree char *nul = dump_data ("a,b\n\"x\0y\",z\nc,d\n", 16, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (utf8, ==,
    "1:a|b\n"
    "!row 2, column 2: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "3:c|d\n");
  /* A character cut off by the end of the file. */
  g_assert_cmpstr (cut, ==,
    "1:a|b\n"
    "!row 2, column 2: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n");
  g_assert_cmpstr (gb, ==,
    "1:a|b\n"
    "!row 2, column 2: the text is not valid GB18030\n"
    "3:商|d\n");
  g_assert_cmpstr (gb_cut, ==,
    "1:a|b\n"
    "!row 2, column 2: the text is not valid GB18030\n");
  g_assert_cmpstr (nul, ==,
    "1:a|b\n"
    "!row 2, column 1: the text contains a NUL byte\n"
    "3:c|d\n");
}

/* More than two chunks of CSV in UTF-8, or GB18030 when @to converts to it, padded
 * so that a multibyte character straddles @boundary. The expected dump goes into
 * @expected_dump. */
static GString *
make_straddling_csv (GIConv   to,
                     gsize    boundary,
                     GString *expected_dump)
{
  for (guint pad = 0; pad < 8; pad++)
    {
      g_autoptr(GString) utf8 = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *converted = NULL;
      gsize converted_len = 0;
      g_autofree char *padding = g_strnfill (pad, 'x');
      gboolean straddles;
      guint row = 2;

      g_string_truncate (expected_dump, 0);
      g_string_append_printf (utf8, "编号,名称%s\n", padding);
      g_string_append_printf (expected_dump, "1:编号|名称%s\n", padding);
      while (utf8->len < boundary * 2 + 1000)
        {
          const char *odd = row % 7 == 0 ? "𠮷" : "";

          g_string_append_printf (utf8, "%u,店铺名称%s\n", row, odd);
          g_string_append_printf (expected_dump, "%u:%u|店铺名称%s\n", row, row, odd);
          row++;
        }

      if (to == (GIConv) -1)
        {
          /* A continuation byte right after the boundary. */
          if (((guint8) utf8->str[boundary] & 0xC0) == 0x80)
            return g_steal_pointer (&utf8);
          continue;
        }

      converted = g_convert_with_iconv (utf8->str, utf8->len, to, NULL, &converted_len, &error);
      g_assert_no_error (error);
      {
        /* Decoding the first chunk alone stops inside a character. */
        g_autoptr(GError) partial = NULL;
        g_autofree char *head = g_convert (converted, boundary, "UTF-8", "GB18030",
                                           NULL, NULL, &partial);

        straddles = head == NULL &&
                    g_error_matches (partial, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT);
      }
      if (straddles)
        return g_string_new_len (converted, converted_len);
    }
  g_assert_not_reached ();
}

static void
check_big_file (SdEncoding encoding)
{
  const gsize chunk = 1024 * 1024;
  GIConv to = encoding == SD_ENCODING_GB18030 ? g_iconv_open ("GB18030", "UTF-8") : (GIConv) -1;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) bytes = make_straddling_csv (to, chunk, expected);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = NULL;

  if (to != (GIConv) -1)
    g_iconv_close (to);

  dir = sd_test_make_dir ();
  path = g_build_filename (dir, "big.csv", NULL);
  g_assert_true (g_file_set_contents (path, bytes->str, bytes->len, &error));
  g_assert_no_error (error);

  reader = sd_csv_reader_new_for_path (path, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_csv_reader_get_encoding (reader), ==, encoding);
  g_assert_cmpuint (sd_csv_reader_get_bytes_total (reader), ==, bytes->len);
  got = dump (reader);
  g_assert_cmpuint (sd_csv_reader_get_bytes_read (reader), ==, bytes->len);
  g_assert_cmpstr (got, ==, expected->str);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_gb18030_chunk_boundary (void)
{
  check_big_file (SD_ENCODING_GB18030);
}

static void
test_utf8_chunk_boundary (void)
{
  check_big_file (SD_ENCODING_UTF8);
}

/* Whatever the chunk size, the reader gives the same records, rows and errors. */
static void
test_small_chunks (void)
{
  static const char utf8[] =
    "\xEF\xBB\xBF" "名称,\"备注\",数量\r\n"
    "\r\n"
    "\"多行\r\n备注, 含逗号\",\"引号\"\"里\"\"\",𠮷\r"
    "\"abc\"x,2,3\n"
    "甲,乙\xff,丙\n"
    "\"开头\"  ,  ,\n"
    "ab\"c,\"\",\n"
    "\"never closed,\n";
  g_autofree char *gb = NULL;
  g_autofree char *expected_utf8 = dump_data (utf8, -1, SD_ENCODING_AUTO, 0);
  g_autofree char *expected_gb = NULL;
  g_autoptr(GError) error = NULL;
  gsize gb_len = 0;

  /* Skip the BOM and the invalid byte, which iconv would refuse. */
  {
    g_autoptr(GString) clean = g_string_new (utf8 + 3);

    g_string_replace (clean, "\xff", "", 0);
    gb = g_convert (clean->str, clean->len, "GB18030", "UTF-8", NULL, &gb_len, &error);
    g_assert_no_error (error);
  }
  expected_gb = dump_data (gb, gb_len, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (expected_utf8, ==,
    "1:名称|备注|数量\n"
    "3:多行\r\n备注, 含逗号|引号\"里\"|𠮷\n"
    "!row 4, column 1: text after the closing quote\n"
    "!row 5, column 2: the text is not valid UTF-8 (a file Excel saved on Chinese Windows is GB18030)\n"
    "6:开头|  |\n"
    "7:ab\"c||\n"
    "!row 8, column 1: a quoted field is never closed\n");
  g_assert_cmpstr (expected_gb, ==,
    "1:名称|备注|数量\n"
    "3:多行\r\n备注, 含逗号|引号\"里\"|𠮷\n"
    "!row 4, column 1: text after the closing quote\n"
    "5:甲|乙|丙\n"
    "6:开头|  |\n"
    "7:ab\"c||\n"
    "!row 8, column 1: a quoted field is never closed\n");

  for (gsize chunk = 1; chunk <= 17; chunk++)
    {
      g_autofree char *got_utf8 = dump_data (utf8, -1, SD_ENCODING_AUTO, chunk);
      g_autofree char *got_gb = dump_data (gb, gb_len, SD_ENCODING_GB18030, chunk);

      g_assert_cmpstr (got_utf8, ==, expected_utf8);
      g_assert_cmpstr (got_gb, ==, expected_gb);
    }
}

static void
test_quoted (void)
{
  g_autofree char *lf = dump_data ("a,\"b,c\",\"say \"\"hi\"\"\"\n"
                                   "\"line1\nline2\",\"cr\rinside\",\"crlf\r\ninside\"\n"
                                   "\"\",x,\n", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *crlf = dump_data ("h1,h2\r\n1,2\r\n3,4", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *cr = dump_data ("h1,h2\r1,2\r\r3,4\r", -1, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (lf, ==,
    "1:a|b,c|say \"hi\"\n"
    "2:line1\nline2|cr\rinside|crlf\r\ninside\n"
    "3:|x|\n");
  /* CRLF line ends, and a last line without one */
  g_assert_cmpstr (crlf, ==, "1:h1|h2\n2:1|2\n3:3|4\n");
  /* Old Mac line ends; the empty line still counts */
  g_assert_cmpstr (cr, ==, "1:h1|h2\n2:1|2\n4:3|4\n");
}

static void
test_rows (void)
{
  g_autofree char *got = dump_data ("\n\nh1,h2\n"
                                    "\"a\nb\nc\",1\n"
                                    "\r\n"
                                    "x,\"\r\n\r\n\"\n"
                                    "\n"
                                    "last,\n"
                                    ",,\n"
                                    "\n\n", -1, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (got, ==,
    "3:h1|h2\n"
    "4:a\nb\nc|1\n"
    "6:x|\r\n\r\n\n"
    "8:last|\n"
    "9:||\n");
}

static void
test_broken_quote (void)
{
  g_autofree char *got = dump_data ("h1,h2,h3\n"
                                    "1,2,3\n"
                                    "\n"
                                    "4,5,6\n"
                                    "\"multi\nline\",b,c\n"
                                    "\n"
                                    "7,8,\"abc\"x,\"next\nline\"\n"
                                    "9,10,11\n", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *unterminated = dump_data ("a,b\n\"ok\",c\nd,\"never\nclosed,e\nf,g\n", -1,
                                             SD_ENCODING_AUTO, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = NULL;

  /* The record after the broken one is read normally, even though the broken one
   * goes on with a quoted line break. */
  g_assert_cmpstr (got, ==,
    "1:h1|h2|h3\n"
    "2:1|2|3\n"
    "4:4|5|6\n"
    "5:multi\nline|b|c\n"
    "!row 7, column 3: text after the closing quote\n"
    "8:9|10|11\n");
  /* Nothing after a quote that never closes. */
  g_assert_cmpstr (unterminated, ==,
    "1:a|b\n"
    "2:ok|c\n"
    "!row 3, column 2: a quoted field is never closed\n");

  reader = sd_csv_reader_new_for_data ("\"abc\"x,\n", 8, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_false (sd_csv_reader_next (reader, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "row 1, column 1: text after the closing quote");
  g_assert_cmpuint (sd_csv_reader_get_row (reader), ==, 1);
  g_clear_error (&error);
  g_assert_false (sd_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_stray_quotes_and_spaces (void)
{
  g_autofree char *got = dump_data ("ab\"c,12\"\" screen, \"x\"\n"
                                    "\"abc\"   ,\"d\" \n", -1, SD_ENCODING_AUTO, 0);

  /* Quotes inside an unquoted field are text, as in Excel, and so is a quote after
   * a leading space; spaces after a closing quote are dropped. */
  g_assert_cmpstr (got, ==,
    "1:ab\"c|12\"\" screen| \"x\"\n"
    "2:abc|d\n");
}

static void
test_tab_separated (void)
{
  g_autofree char *file = dump_path ("orders.tsv", SD_ENCODING_AUTO, SD_ENCODING_UTF8);
  g_autofree char *commas_win = dump_data ("a\tb,c\nd\te\n", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *quoted_comma = dump_data ("\"a,b\"\tc\n1\t2\n", -1, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (file, ==,
    "1:订单编号|买家会员名|实付金额|备注\n"
    "2:202401010001|小明爱购物|128.00|送货前, 请电话联系\n"
    "3:202401010002|tb_lili|-5.00|\n");
  /* A header with both commas and tabs is a CSV file. */
  g_assert_cmpstr (commas_win, ==, "1:a\tb|c\n2:d\te\n");
  /* Commas inside quotes do not count. */
  g_assert_cmpstr (quoted_comma, ==, "1:a,b|c\n2:1|2\n");
}

static void
test_empty (void)
{
  g_autofree char *nothing = dump_data ("", 0, SD_ENCODING_AUTO, 0);
  g_autofree char *bom = dump_data ("\xEF\xBB\xBF", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *blank = dump_data ("\r\n\n\r", -1, SD_ENCODING_AUTO, 0);
  g_autofree char *lone_quotes = dump_data ("\"\"\n", -1, SD_ENCODING_AUTO, 0);

  g_assert_cmpstr (nothing, ==, "");
  g_assert_cmpstr (bom, ==, "");
  g_assert_cmpstr (blank, ==, "");
  g_assert_cmpstr (lone_quotes, ==, "1:\n");
}

static void
test_refuses_workbooks (void)
{
  static const char *const heads[] = { "PK\x03\x04\x14\x00", "\xD0\xCF\x11\xE0\xA1\xB1", "\xFF\xFE\x61\0b\0" };
  static const char *const messages[] = {
    "This is an Excel workbook, not a CSV file. In Excel, choose File → Save As and the type “CSV UTF-8”.",
    "This is an Excel workbook, not a CSV file. In Excel, choose File → Save As and the type “CSV UTF-8”.",
    "This file is in UTF-16 (Excel’s “Unicode Text”). In Excel, save it with the type “CSV UTF-8” instead.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_data (heads[i], 6, SD_ENCODING_AUTO, &error);

      g_assert_null (reader);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, ==, messages[i]);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path ("/nonexistent/shop.csv",
                                                              SD_ENCODING_AUTO, &error);

  g_assert_null (reader);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Cannot open “/nonexistent/shop.csv”: "));
}

static void
test_progress (void)
{
  g_autofree char *path = data_path ("customers-utf8.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path (path, SD_ENCODING_AUTO, &error);
  g_autoptr(SdCsvReader) small = NULL;
  static const char data[] = "a,b\nc,d\ne,f\n";
  guint64 last = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (sd_csv_reader_get_bytes_total (reader), ==, 446);
  while (sd_csv_reader_next (reader, &error))
    ;
  g_assert_no_error (error);
  g_assert_cmpuint (sd_csv_reader_get_bytes_read (reader), ==, 446);

  /* In 4-byte chunks the count moves with the records. */
  small = sd_csv_reader_new_for_data (data, strlen (data), SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  sd_csv_reader_set_chunk_size (small, 4);
  g_assert_cmpuint (sd_csv_reader_get_bytes_total (small), ==, 12);
  g_assert_cmpuint (sd_csv_reader_get_bytes_read (small), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (sd_csv_reader_next (small, &error));
      g_assert_cmpuint (sd_csv_reader_get_bytes_read (small), >, last);
      g_assert_cmpuint (sd_csv_reader_get_bytes_read (small), <=, 12);
      last = sd_csv_reader_get_bytes_read (small);
    }
  g_assert_false (sd_csv_reader_next (small, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_csv_reader_get_bytes_read (small), ==, 12);
}

static void
test_record_limit (void)
{
  gsize len = 17 * 1024 * 1024;
  g_autofree char *data = g_malloc (len);
  g_autofree char *got = NULL;

  /* An opening quote and 17 MiB of text: memory stays bounded and the message says
   * what is probably wrong. */
  memset (data, 'x', len);
  memcpy (data, "a,b\n1,\"", 7);
  got = dump_data (data, len, SD_ENCODING_AUTO, 0);
  g_assert_cmpstr (got, ==,
    "1:a|b\n"
    "!row 2, column 2: a quoted field runs on for more than 16 MiB; is its closing quote missing?\n");

  data[6] = 'x';
  g_clear_pointer (&got, g_free);
  got = dump_data (data, len, SD_ENCODING_AUTO, 0);
  g_assert_cmpstr (got, ==, "1:a|b\n!row 2: the record is longer than 16 MiB\n");
}

static void
test_clean_cell (void)
{
  static const struct {
    const char *raw;
    const char *clean;
  } cells[] = {
    { "=\"0012345\"", "0012345" },
    { "=\"\"", "" },
    { "  =\"00 12\"  ", "00 12" },
    { "=\"say \"\"hi\"\"\"", "say \"hi\"" },
    { "'13900001111", "13900001111" },
    { "''quoted", "'quoted" },
    { "'  kept as typed  ", "  kept as typed  " },
    { "'=\"0012\"", "=\"0012\"" },
    { "\t88889999", "88889999" },
    { "\t\t88889999", "88889999" },
    { "　张三　", "张三" },
    { " \t　李 丽 \r\n", "李 丽" },
    { "=SUM(A1)", "=SUM(A1)" },
    { "=\"", "=\"" },
    { "abc'", "abc'" },
    { "", "" },
    { "   ", "" },
    { "'", "" },
    { "订单 12", "订单 12" },
    { "a 12", "a 12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autofree char *clean = sd_csv_clean_cell (cells[i].raw);

      g_assert_cmpstr (clean, ==, cells[i].clean);
    }
}

static void
test_writer (void)
{
  static const char *const plain[] = { "订单", "12", "", "a b" };
  static const char *const quoted[] = { "a,b", "say \"hi\"", "two\nlines", "cr\r", "tab\tin", " lead", "trail ", "\xEF\xBB\xBF\x62om" };
  static const char *const formulas[] = { "=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "\rx", "'kept", "a=b" };
  static const char *const lone_empty[] = { "" };
  static const char *const with_null[] = { "a", NULL, "c" };
  g_autoptr(GString) out = g_string_new (NULL);

  sd_csv_append_row (out, plain, G_N_ELEMENTS (plain));
  g_assert_cmpstr (out->str, ==, "订单,12,,a b\r\n");

  g_string_truncate (out, 0);
  sd_csv_append_row (out, quoted, G_N_ELEMENTS (quoted));
  g_assert_cmpstr (out->str, ==,
                   "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\"tab\tin\","
                   "\" lead\",\"trail \",\"\xEF\xBB\xBF" "bom\"\r\n");

  g_string_truncate (out, 0);
  sd_csv_append_row (out, formulas, G_N_ELEMENTS (formulas));
  g_assert_cmpstr (out->str, ==, "'=1+1,'+86 138,'-5,'@SUM(A1),\"'\tx\",\"'\rx\",''kept,a=b\r\n");

  g_string_truncate (out, 0);
  sd_csv_append_row (out, lone_empty, 1);
  sd_csv_append_row (out, with_null, 3);
  g_assert_cmpstr (out->str, ==, "\"\"\r\na,,c\r\n");
}

/* Export → import gives back every field: the reader sees the apostrophe, and
 * sd_csv_clean_cell() drops exactly that one. */
static void
test_writer_round_trip (void)
{
  static const char *const fields[] = {
    "=HYPERLINK(\"http://evil\")", "+8613812345678", "-5.00", "@cmd", "\tleading tab",
    "\rcarriage", "'starts with apostrophe", "''two", "=\"0012345\"", "-", "=",
    "+trailing space ", "\t", "'", "plain", "订单 12", "a,b", "say \"hi\"",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = NULL;

  sd_csv_append_row (out, fields, G_N_ELEMENTS (fields));
  /* And each on its own, where it is also the first thing in the file. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    sd_csv_append_row (out, &fields[i], 1);

  reader = sd_csv_reader_new_for_data (out->str, out->len, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (sd_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *raw = sd_csv_reader_get_field (reader, i);
      g_autofree char *clean = sd_csv_clean_cell (raw);
      gboolean neutralised = strchr ("=+-@\t\r'", fields[i][0]) != NULL;

      g_assert_cmpstr (clean, ==, fields[i]);
      if (neutralised)
        {
          g_assert_cmpint (raw[0], ==, '\'');
          g_assert_cmpstr (raw + 1, ==, fields[i]);
        }
      else
        g_assert_cmpstr (raw, ==, fields[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *clean = NULL;

      g_assert_true (sd_csv_reader_next (reader, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sd_csv_reader_get_row (reader), ==, i + 2);
      g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, 1);
      clean = sd_csv_clean_cell (sd_csv_reader_get_field (reader, 0));
      g_assert_cmpstr (clean, ==, fields[i]);
    }
  g_assert_false (sd_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/encoding-names", test_encoding_names);
  g_test_add_func ("/core/csv/utf8", test_utf8);
  g_test_add_func ("/core/csv/utf8-bom", test_utf8_bom);
  g_test_add_func ("/core/csv/gb18030", test_gb18030);
  g_test_add_func ("/core/csv/gb18030-bom-euro", test_gb18030_bom_and_euro);
  g_test_add_func ("/core/csv/forced-utf8-invalid", test_forced_utf8_invalid);
  g_test_add_func ("/core/csv/invalid-bytes", test_invalid_bytes_skip_record);
  g_test_add_func ("/core/csv/gb18030-chunk-boundary", test_gb18030_chunk_boundary);
  g_test_add_func ("/core/csv/utf8-chunk-boundary", test_utf8_chunk_boundary);
  g_test_add_func ("/core/csv/small-chunks", test_small_chunks);
  g_test_add_func ("/core/csv/quoted", test_quoted);
  g_test_add_func ("/core/csv/rows", test_rows);
  g_test_add_func ("/core/csv/broken-quote", test_broken_quote);
  g_test_add_func ("/core/csv/stray-quotes", test_stray_quotes_and_spaces);
  g_test_add_func ("/core/csv/tab-separated", test_tab_separated);
  g_test_add_func ("/core/csv/empty", test_empty);
  g_test_add_func ("/core/csv/refuses-workbooks", test_refuses_workbooks);
  g_test_add_func ("/core/csv/missing-file", test_missing_file);
  g_test_add_func ("/core/csv/progress", test_progress);
  g_test_add_func ("/core/csv/record-limit", test_record_limit);
  g_test_add_func ("/core/csv/clean-cell", test_clean_cell);
  g_test_add_func ("/core/csv/writer", test_writer);
  g_test_add_func ("/core/csv/writer-round-trip", test_writer_round_trip);

  return g_test_run ();
}
