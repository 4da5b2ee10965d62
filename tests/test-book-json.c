/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-book-record.h"
#include "bs-client-error.h"
#include "bs-client-json.h"

/* The book's JSON has one reader: what the service refuses to take in, the app refuses to
 * show, and what the service writes, the app reads back unchanged. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_same_rules (void)
{
  const struct {
    const char *json;
    gboolean valid;
  } cases[] = {
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":17.52,\"rating\":4.5}", TRUE },
    { "{\"_key\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":21,\"rating\":5}", TRUE },
    { "{\"bookId\":\"b 1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"  \",\"author\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":3,\"category\":\"C\",\"price\":1,\"rating\":1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":1.005,\"rating\":1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":-1,\"rating\":1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":5.1}", FALSE },
    { "{\"bookId\":\"b1\",\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":\"1\",\"rating\":1}", FALSE },
    { "{\"bookId\":{},\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":1}", FALSE },
    { "{\"bookId\":[\"b1\"],\"_key\":7,\"name\":\"N\",\"author\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":1}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) server_error = NULL;
      g_autoptr(GError) client_error = NULL;
      g_autoptr(BsBookRecord) record = bs_book_record_new_from_json (json_node_get_object (node),
                                                                     &server_error);
      g_autoptr(BsBook) book = bs_json_to_book (node, &client_error);

      g_test_message ("%s", cases[i].json);
      g_assert_true ((record != NULL) == cases[i].valid);
      g_assert_true ((book != NULL) == cases[i].valid);
      if (cases[i].valid)
        continue;
      g_assert_error (server_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_error (client_error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE);
      /* Both name the same fault. */
      g_assert_nonnull (strstr (client_error->message, server_error->message));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(BsBookRecord) record = bs_book_record_new ("b-7", "Ünïcode \"quoted\"", "Au Thor",
                                                       "Science", 1999, 45);
  BsJsonWriter *writer = bs_json_writer_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BsBook) book = NULL;
  g_autoptr(GError) error = NULL;

  bs_book_record_write_json (record, writer);
  text = bs_json_writer_free_to_string (writer);
  g_assert_cmpstr (text, ==,
                   "{\"bookId\":\"b-7\",\"_key\":\"b-7\",\"name\":\"Ünïcode \\\"quoted\\\"\","
                   "\"author\":\"Au Thor\",\"category\":\"Science\",\"price\":19.99,"
                   "\"rating\":4.5,\"cover\":\"/api/getImage?bookId=b-7\"}");

  node = parse (text);
  book = bs_json_to_book (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_book_get_book_id (book), ==, "b-7");
  g_assert_cmpstr (bs_book_get_name (book), ==, "Ünïcode \"quoted\"");
  g_assert_cmpstr (bs_book_get_author (book), ==, "Au Thor");
  g_assert_cmpstr (bs_book_get_category (book), ==, "Science");
  g_assert_cmpint (bs_book_get_price (book), ==, 1999);
  g_assert_cmpint (bs_book_get_rating (book), ==, 45);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/book-json/same-rules", test_same_rules);
  g_test_add_func ("/book-json/round-trip", test_round_trip);

  return g_test_run ();
}
