/// Our own cases covering every kind of input in nst/JSONTestSuite's y_ (accept) and n_ (refuse) files, and its
/// i_ (implementation-defined) ones listed apart. Bytes are given as hex where they are not valid UTF-8 text.
///
/// `all` is what a strict RFC 8259 reader must do, with two rules of our own: duplicate keys are refused, and nesting
/// deeper than 64 levels (JSONScanner.maxDepth) is refused. Every expectation was checked against Python 3's `json`
/// (strict=True; bytes decoded as strict UTF-8; NaN, Infinity and -Infinity refused; duplicate keys refused; a leading
/// byte order mark refused, as `json.loads` itself does) plus the nesting limit. A hex case ends with a comment showing
/// its bytes, printable ASCII as itself and anything else in <hex>.
enum StrictJSONCases {
    struct Case: Sendable {
        let name: String
        let bytes: [UInt8]
        let accept: Bool

        /// The UTF-8 bytes of `text` (printable ASCII in this file).
        static func text(_ name: String, _ text: String, _ accept: Bool) -> Case {
            Case(name: name, bytes: Array(text.utf8), accept: accept)
        }

        /// Bytes written as two hex digits each, separated by single spaces.
        static func hex(_ name: String, _ hex: String, _ accept: Bool) -> Case {
            let bytes: [UInt8] = hex.split(separator: " ").map { (pair: Substring) -> UInt8 in UInt8(pair, radix: 16)! }
            return Case(name: name, bytes: bytes, accept: accept)
        }

        /// `prefix`, then `unit` repeated `count` times, then `suffix`.
        static func repeated(
            _ name: String, _ prefix: String, _ unit: String, count: Int, _ suffix: String,
            _ accept: Bool
        ) -> Case {
            let text: String = prefix + String(repeating: unit, count: count) + suffix
            return Case(name: name, bytes: Array(text.utf8), accept: accept)
        }

        /// `open` repeated `depth` times, then `middle`, then `close` repeated `depth` times.
        static func nested(
            _ name: String, _ open: String, _ middle: String, _ close: String, depth: Int,
            _ accept: Bool
        ) -> Case {
            let text: String = String(repeating: open, count: depth) + middle + String(repeating: close, count: depth)
            return Case(name: name, bytes: Array(text.utf8), accept: accept)
        }
    }

    /// Every y_ (accept) and n_ (refuse) case.
    static let all: [Case] = [arrays, objects, numbers, literals, strings, controlCharacters, structure]
        .flatMap { (group: [Case]) -> [Case] in group }

    /// Arrays: empty, nested, white space inside; missing, doubled and trailing commas, wrong separators, unclosed.
    static let arrays: [Case] = [
        .text("y_array_empty", #"[]"#, true),
        .text("y_array_empty_with_space_inside", #"[ ]"#, true),
        .text("y_array_of_empty_arrays_with_spaces", #"[ [] , [  ] ]"#, true),
        .text("y_array_single_empty_string", #"[""]"#, true),
        .text("y_array_of_false", #"[false, false]"#, true),
        .text("y_array_of_null", #"[null]"#, true),
        .text("y_array_mixed_value_types", #"[true, -2.5, "x", [], {}, null, 0]"#, true),
        .text("y_array_nulls_around_a_number", #"[null,7,null,null]"#, true),
        .hex("y_array_newline_before_close", "5B 22 7A 22 0A 5D", true), // ["z"<0A>]
        .hex("y_array_number_then_newline", "5B 34 32 0A 5D", true), // [42<0A>]
        .text("y_array_leading_spaces_before_open", #"  [0]"#, true),
        .text("y_array_trailing_spaces_after_close", #"[9]   "#, true),
        .text("y_array_nested_mixed", #"[[1,[2,[3]]],{"k":[]}]"#, true),
        .text("n_array_number_then_literal_without_comma", #"[3 null]"#, false),
        .hex("n_array_invalid_utf8_after_letter", "5B 62 E9 5D", false), // [b<E9>]
        .text("n_array_colon_instead_of_comma", #"["k": 2]"#, false),
        .text("n_array_semicolon_between_items", #"[6;7]"#, false),
        .text("n_array_colon_between_numbers", #"[6:7]"#, false),
        .text("n_array_comma_after_close", #"[7],"#, false),
        .text("n_array_leading_comma", #"[,5]"#, false),
        .text("n_array_double_comma_between_items", #"[4,,8]"#, false),
        .text("n_array_double_trailing_comma", #"[true,,]"#, false),
        .text("n_array_extra_close", #"[null]]"#, false),
        .text("n_array_trailing_comma_after_string", #"["q",]"#, false),
        .text("n_array_trailing_comma_after_number", #"[1,]"#, false),
        .text("n_array_unclosed_after_literal", #"[false"#, false),
        .text("n_array_unclosed_invalid_bare_word", #"[z"#, false),
        .text("n_array_inner_arrays_without_comma", #"[[1][2]]"#, false),
        .hex("n_array_lone_invalid_byte_inside", "5B FE 5D", false), // [<FE>]
        .text("n_array_only_comma", #"[,]"#, false),
        .text("n_array_only_minus", #"[-]"#, false),
        .text("n_array_missing_first_value", #"[ , 1]"#, false),
        // [2,<0A>"b"<0A>,3,
        .hex("n_array_newlines_then_unclosed_trailing_comma", "5B 32 2C 0A 22 62 22 0A 2C 33 2C", false),
        .text("n_array_unclosed_trailing_comma", #"[null,"#, false),
        .hex("n_array_unclosed_with_newlines", "5B 35 2C 0A 36 0A 2C 37", false), // [5,<0A>6<0A>,7
        .text("n_array_unclosed_holding_object", #"[{"a":1}"#, false),
        .text("n_array_star_inside", #"[*]"#, false),
        .text("n_array_closed_by_brace", #"[1}"#, false),
    ]

    /// Objects: members, empty and escaped keys; duplicate keys (refused by our project), non-string and unquoted keys,
    /// missing colons, values or commas, trailing commas, comments and garbage after the object.
    static let objects: [Case] = [
        .text("y_object_empty", #"{}"#, true),
        .text("y_object_one_member", #"{"key":"value"}"#, true),
        .text("y_object_two_members", #"{"one":"1", "two":"2"}"#, true),
        .text("y_object_empty_key", #"{"":null}"#, true),
        .text("y_object_escaped_nul_in_key", #"{"a\u0000b":1}"#, true),
        .text("y_object_extreme_magnitudes", #"{"lo": -9.5e+300, "hi": 9.5E+300}"#, true),
        .text("y_object_empty_array_value", #"{"list":[]}"#, true),
        .text(
            "y_object_cyrillic_via_escapes",
            #"{"greeting":"\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439"}"#, true),
        // {<0A>  "x" : 1<0A>}<0A>
        .hex("y_object_newlines_around_members", "7B 0A 20 20 22 78 22 20 3A 20 31 0A 7D 0A", true),
        .text("y_object_nested_objects_and_arrays", #"{"a":{"b":{"c":[1,{"d":null}]}}}"#, true),
        .text("y_object_every_value_type", #"{"s":"t","n":-1.5e3,"t":true,"f":false,"z":null,"a":[],"o":{}}"#, true),
        .text("y_object_same_key_in_sibling_objects", #"[{"a":1},{"a":2}]"#, true),
        .text("y_object_keys_differing_only_in_case", #"{"Key":1,"key":2,"KEY":3}"#, true),
        // U+00F1 and n + U+0303 look alike but are different strings, so not duplicate keys.
        // {"<C3 B1>":1,"n<CC 83>":2}
        .hex("y_object_keys_nfc_and_nfd_are_distinct", "7B 22 C3 B1 22 3A 31 2C 22 6E CC 83 22 3A 32 7D", true),
        .text("y_object_key_with_escapes", #"{"tab\there \"q\" \\":0}"#, true),
        .repeated("y_object_long_key_and_value", #"{""#, #"k"#, count: 300, #"":"vvvvvvvvvv"}"#, true),
        // Duplicate keys: RFC 8259 says SHOULD be unique; our project refuses them.
        .text("n_object_duplicate_key_different_values", #"{"k":1,"k":2}"#, false),
        .text("n_object_duplicate_key_same_value", #"{"k":true,"k":true}"#, false),
        .text("n_object_duplicate_key_not_adjacent", #"{"a":1,"b":2,"a":3}"#, false),
        .text("n_object_duplicate_key_empty", #"{"":1,"":2}"#, false),
        // Keys compare after unescaping.
        .text("n_object_duplicate_key_spelled_with_escape", #"{"ab":1,"a\u0062":2}"#, false),
        .text("n_object_duplicate_key_escaped_solidus", #"{"a/b":0,"a\/b":0}"#, false),
        .text("n_object_duplicate_key_in_nested_object", #"{"o":{"x":1,"x":1}}"#, false),
        .text("n_object_bad_literal_value", #"{"a": nulls}"#, false),
        .text("n_object_open_bracket_as_key", #"{[: 1}"#, false),
        .text("n_object_comma_instead_of_colon", #"{"k", 1}"#, false),
        .text("n_object_double_colon", #"{"k"::2}"#, false),
        .hex("n_object_emoji_as_key", "7B F0 9F 98 80 7D", false), // {<F0 9F 98 80>}
        .text("n_object_garbage_after_value", #"{"k":"v" 5}"#, false),
        .text("n_object_unquoted_key_single_quoted_value", #"{name: 'x'}"#, false),
        .hex("n_object_invalid_utf8_key_and_trailing_comma", "7B 22 85 22 3A 31 2C 7D", false), // {"<85>":1,}
        .text("n_object_missing_colon", #"{"k" 1}"#, false),
        .text("n_object_missing_key", #"{:1}"#, false),
        .text("n_object_missing_colon_between_strings", #"{"k" "v"}"#, false),
        .text("n_object_missing_value_closed", #"{"k":}"#, false),
        .text("n_object_missing_value_unclosed", #"{"k":"#, false),
        .text("n_object_key_only_unclosed", #"{"k""#, false),
        .text("n_object_number_key", #"{2:"two"}"#, false),
        .text("n_object_huge_number_key", #"{1e500:0}"#, false),
        .text("n_object_null_key", #"{null:1}"#, false),
        .text("n_object_several_trailing_commas", #"{"n":1,,,}"#, false),
        .text("n_object_single_quoted_key", #"{'k':1}"#, false),
        .text("n_object_trailing_comma", #"{"a":1,}"#, false),
        .text("n_object_leading_comma", #"{,"a":1}"#, false),
        .text("n_object_block_comment_after", #"{"k":1}/*x*/"#, false),
        .text("n_object_unterminated_block_comment_after", #"{"k":1}/* /"#, false),
        .text("n_object_line_comment_after", #"{"k":1}// c"#, false),
        .text("n_object_lone_slash_after", #"{"k":1}/"#, false),
        .text("n_object_two_commas_between_members", #"{"p":1,,"q":2}"#, false),
        .text("n_object_missing_comma_between_members", #"{"a":1 "b":2}"#, false),
        .text("n_object_unquoted_key", #"{k: 1}"#, false),
        .text("n_object_key_missing_opening_quote", #"{k": 1}"#, false),
        .text("n_object_unterminated_string_value", #"{"k":"v"#, false),
        .text("n_object_string_without_value_after_member", #"{"k": 1, "j"}"#, false),
        .text("n_object_garbage_after_close", #"{"k":1}x"#, false),
        .text("n_object_closed_by_bracket", #"{"a":1]"#, false),
    ]

    /// Numbers: every valid form (sign, zero, fraction, exponent with and without sign, either case, huge exponents);
    /// leading zeros, bare dots, empty exponents, plus signs, hex, NaN and Infinity, letters and invalid UTF-8 inside.
    static let numbers: [Case] = [
        .text("y_number_zero", #"0"#, true),
        .text("y_number_negative_zero", #"-0"#, true),
        .text("y_number_zero_exp_plus", #"0e+1"#, true),
        .text("y_number_zero_exp", #"[0e7]"#, true),
        .text("y_number_zero_capital_exp_minus", #"[0E-3]"#, true),
        .text("y_number_after_spaces", #"[   17]"#, true),
        .repeated("y_number_tiny_fraction_with_many_zeros", #"[0."#, #"0"#, count: 70, #"3]"#, true),
        .text("y_number_int_with_exp", #"[35e2]"#, true),
        .text("y_number_negative_int", #"[-4567]"#, true),
        .text("y_number_capital_e", #"[7E13]"#, true),
        .text("y_number_capital_e_negative_exp", #"1E-2"#, true),
        .text("y_number_capital_e_positive_exp", #"[5E+6]"#, true),
        .text("y_number_negative_fraction_exp", #"-1.5e10"#, true),
        .text("y_number_fraction_exp", #"[6.02214076e23]"#, true),
        .text("y_number_negative_exp", #"[8e-9]"#, true),
        .text("y_number_positive_exp", #"[2e+3]"#, true),
        .text("y_number_simple_int", #"[2024]"#, true),
        .text("y_number_simple_fraction", #"[3.14159]"#, true),
        .text("y_number_exp_with_leading_zeros", #"[1e007]"#, true),
        .text("y_number_exp_with_many_leading_zeros", #"[2E-00000000000000000000001]"#, true),
        .text("y_number_near_double_max", #"[1.7976931348623157e308]"#, true),
        .text("y_number_subnormal", #"[4.9e-324]"#, true),
        // Grammar-valid; RFC 8259 section 6 lets a parser limit range, but our reader accepts huge exponents.
        .text("y_number_exp_far_beyond_double_range", #"[7e1000]"#, true),
        .text("n_number_double_plus", #"[++5]"#, false),
        .text("n_number_leading_plus", #"[+7]"#, false),
        .text("n_number_negative_leading_zero", #"-01"#, false),
        .text("n_number_two_dots_negative", #"[-3.5.]"#, false),
        .text("n_number_negative_trailing_dot", #"[-7.]"#, false),
        .text("n_number_negative_nan", #"{"v":-NaN}"#, false),
        .text("n_number_dot_minus", #"[.-4]"#, false),
        .text("n_number_leading_dot_with_exp", #"[.5e-1]"#, false),
        .text("n_number_two_fraction_parts", #"[1.2.3]"#, false),
        .text("n_number_fraction_exp_plus_without_digits", #"[0.7e+]"#, false),
        .text("n_number_fraction_exp_without_digits", #"[4.2e]"#, false),
        .text("n_number_zero_dot_then_exp", #"[0.e5]"#, false),
        .text("n_number_capital_exp_without_digits", #"[7E]"#, false),
        .text("n_number_exp_plus_without_digits", #"[0e+]"#, false),
        .text("n_number_exp_without_digits", #"1e"#, false),
        .text("n_number_fraction_exp_minus_no_digits", #"[2.5e-]"#, false),
        .text("n_number_space_inside", #"[12 345]"#, false),
        .text("n_number_two_exponent_letters", #"[3Ee4]"#, false),
        .text("n_number_fraction_after_exponent", #"[1e5.5]"#, false),
        .text("n_number_dot_then_exp_plus", #"[5.e+2]"#, false),
        .text("n_number_dot_then_exp", #"[8.e8]"#, false),
        .text("n_number_addition_expression", #"[4+5]"#, false),
        .text("n_number_hex_two_digits", #"[0xAB]"#, false),
        .text("n_number_infinity_top_level", #"Infinity"#, false),
        .text("n_number_minus_infinity", #"-Infinity"#, false),
        .text("n_number_nan_top_level", #"NaN"#, false),
        .text("n_number_negative_inf_abbreviation", #"[-Inf]"#, false),
        .text("n_number_exp_minus_then_plus", #"[1e-+2]"#, false),
        .text("n_number_negative_fraction_then_letters", #"[-4.56bar]"#, false),
        .hex("n_number_invalid_utf8_after_int", "5B 34 35 36 E9 5D", false), // [456<E9>]
        .hex("n_number_invalid_utf8_after_exp", "5B 32 65 32 FE 5D", false), // [2e2<FE>]
        .text("n_number_minus_then_letters", #"[-abc]"#, false),
        .text("n_number_minus_space_digit", #"[- 9]"#, false),
        .text("n_number_double_minus", #"--5"#, false),
        .text("n_number_negative_int_leading_zero", #"[-034]"#, false),
        .text("n_number_negative_without_int_part", #"[-.5]"#, false),
        .text("n_number_letter_before_digits", #"z9"#, false),
        .text("n_number_exp_then_letter", #"[3eb]"#, false),
        .hex("n_number_exp_then_invalid_utf8", "5B 35 65 FF 5D", false), // [5e<FF>]
        .text("n_number_trailing_dot", #"[3.]"#, false),
        .text("n_number_leading_dot", #"[.75]"#, false),
        .hex("n_number_fullwidth_digit", "5B EF BC 92 5D", false), // [<EF BC 92>]
        .text("n_number_letter_instead_of_exp", #"[2.5H+10]"#, false),
        .text("n_number_leading_zeros", #"[007]"#, false),
        .text("n_number_double_zero", #"00"#, false),
        .text("n_number_leading_zero_with_fraction", #"01.5"#, false),
        .text("n_number_negative_double_zero_fraction", #"[-00.5]"#, false),
        .text("n_number_double_zero_exp", #"[00e2]"#, false),
        .hex("n_number_digit_then_nul", "39 38 37 00", false), // 987<00>
        .text("n_number_underscore_separator", #"[1_000]"#, false),
        .text("n_number_lone_minus_top_level", #"-"#, false),
    ]

    /// The literals true, false and null: exact spelling only.
    static let literals: [Case] = [
        .text("y_literal_true_top_level", #"true"#, true),
        .text("y_literal_false_top_level", #"false"#, true),
        .text("y_literal_null_top_level", #"null"#, true),
        .text("n_incomplete_false_in_array", #"[fal]"#, false),
        .text("n_incomplete_null_in_array", #"[nu]"#, false),
        .text("n_incomplete_true_in_array", #"[tr]"#, false),
        .text("n_incomplete_true_top_level", #"tru"#, false),
        .text("n_incomplete_null_top_level", #"nul"#, false),
        .text("n_literal_true_with_extra_letter", #"truee"#, false),
        .text("n_literal_null_with_extra_letter", #"[nulll]"#, false),
        .text("n_literal_capitalized_false", #"[False]"#, false),
        .text("n_literal_uppercase_null", #"NULL"#, false),
    ]

    /// Strings: every escape, \\u escapes and surrogate pairs, raw UTF-8 of 2, 3 and 4 bytes; invalid escapes, broken \\u
    /// escapes, unterminated strings, and invalid UTF-8 (overlong, lone continuation, truncated, surrogates, above U+10FFFF).
    static let strings: [Case] = [
        .text("y_string_escapes_of_1_2_3_byte_code_points", #"["\u0041\u00e9\u4e2d"]"#, true),
        .text("y_string_escaped_surrogate_pair", #"["\uD83D\uDE00"]"#, true),
        .text("y_string_two_escaped_surrogate_pairs", #"["\ud83c\udf0d\ud83d\ude80"]"#, true),
        .text("y_string_surrogate_pair_between_text", #"["a\uD834\uDD60b"]"#, true),
        .text("y_string_all_short_escapes", #"["\t\r\n\f\b\/\\\""]"#, true),
        .text("y_string_escaped_backslash_then_u_digits", #"["\\u1234"]"#, true),
        .text("y_string_escaped_quotes_inside", #"["say \"hi\""]"#, true),
        .text("y_string_comment_markers_are_text", #"["// not a comment /* nor this */"]"#, true),
        .text("y_string_escaped_backslash_then_letter", #"["\\x"]"#, true),
        .text("y_string_escaped_control_characters", #"["\u001F\u0001"]"#, true),
        .text("y_string_escaped_noncharacter_FFFF", #"["\uFFFF"]"#, true),
        .text("y_string_escaped_noncharacter_10FFFE", #"["\uDBFF\uDFFE"]"#, true),
        .text("y_string_escaped_zero_width_non_joiner", #"["\u200C"]"#, true),
        .text("y_string_spaces_before_string_in_array", #"[  "t"]"#, true),
        .text("y_string_escaped_highest_code_point", #"["x\uDBFF\uDFFFy"]"#, true),
        .text("y_string_escaped_nbsp", #"["a\u00a0b"]"#, true),
        .hex("y_string_raw_noncharacter_10FFFF", "5B 22 F4 8F BF BF 7A 22 5D", true), // ["<F4 8F BF BF>z"]
        .hex("y_string_raw_noncharacter_FFFE", "5B 22 EF BF BE 22 5D", true), // ["<EF BF BE>"]
        .text("y_string_escaped_nul_after_text", #"["a\u0000"]"#, true),
        .hex("y_string_raw_two_byte_utf8", "5B 22 CE BB 22 5D", true), // ["<CE BB>"]
        .hex("y_string_raw_reserved_plane_2_code_point", "5B 22 F0 AF BF BF 22 5D", true), // ["<F0 AF BF BF>"]
        .hex("y_string_raw_three_byte_utf8", "5B 22 E6 97 A5 E6 9C AC 22 5D", true), // ["<E6 97 A5 E6 9C AC>"]
        .hex("y_string_raw_four_byte_utf8", "5B 22 F0 9F 98 80 22 5D", true), // ["<F0 9F 98 80>"]
        // ["<C2 A2 E0 A4 B9 F0 9F 98 80>"]
        .hex("y_string_raw_2_3_4_byte_utf8_together", "5B 22 C2 A2 E0 A4 B9 F0 9F 98 80 22 5D", true),
        // ["<C2 80 E0 A0 80 F0 90 80 80 F4 8F BF BF>"]
        .hex("y_string_raw_lowest_and_highest_multibyte", "5B 22 C2 80 E0 A0 80 F0 90 80 80 F4 8F BF BF 22 5D", true),
        .text("y_string_plain_with_space", #"["hello world"]"#, true),
        .text("y_string_top_level_spaces_only", #""  ""#, true),
        // U+2028 and U+2029 are allowed raw in JSON strings (unlike JavaScript before ES2019).
        .hex("y_string_raw_line_separator", "5B 22 61 E2 80 A8 62 22 5D", true), // ["a<E2 80 A8>b"]
        .hex("y_string_raw_paragraph_separator", "5B 22 E2 80 A9 22 5D", true), // ["<E2 80 A9>"]
        .text("y_string_escapes_mixed_case_hex", #"["\u00e9\u00C9\uAbCd"]"#, true),
        .text("y_string_escaped_line_feed_between_text", #"["x\u000ay"]"#, true),
        .hex("y_string_raw_delete_between_text", "5B 22 62 7F 62 22 5D", true), // ["b<7F>b"]
        .text("y_string_escaped_backslashes_via_u", #"["\u005c\u005C"]"#, true),
        .text("y_string_escaped_quotes_via_u", #"["\u0022\u0022"]"#, true),
        // U+FEFF is an ordinary character inside a string; only a leading BOM is refused.
        .hex("y_string_raw_byte_order_mark_inside_string", "5B 22 EF BB BF 22 5D", true), // ["<EF BB BF>"]
        .text("y_string_empty_top_level", #""""#, true),
        .repeated("y_string_long", #"[""#, #"ab"#, count: 500, #""]"#, true),
        .text("n_string_high_surrogate_then_escaped_quote_unclosed", #"["\uD83D\"]"#, false),
        .text("n_string_high_surrogate_then_bare_u_escape", #"["\uDBFF\u"]"#, false),
        .text("n_string_high_surrogate_then_one_hex_digit", #"["\uDBFF\uD"]"#, false),
        .text("n_string_high_surrogate_then_non_hex_in_low", #"["\uD83D\uDEx0"]"#, false),
        .hex("n_string_unquoted_accented_letter", "5B C3 BC 5D", false), // [<C3 BC>]
        .hex("n_string_backslash_then_raw_nul", "5B 22 61 5C 00 22 5D", false), // ["a\<00>"]
        .text("n_string_escape_x_hex", #""\x41""#, false),
        .text("n_string_escaped_backslash_then_unclosed_escape", #"["a\\\"]"#, false),
        .hex("n_string_backslash_then_raw_line_feed", "5B 22 5C 0A 22 5D", false), // ["\<0A>"]
        .hex("n_string_backslash_then_emoji", "5B 22 5C F0 9F 98 80 22 5D", false), // ["\<F0 9F 98 80>"]
        .text("n_string_backslash_before_closing_quote", #"["abc\"]"#, false),
        .text("n_string_u_escape_three_digits", #"["\u12"]"#, false),
        .text("n_string_surrogate_pair_low_half_too_short", #"["\uD83D\uDE"]"#, false),
        .text("n_string_high_surrogate_then_invalid_escape", #"["\uDBFF\z"]"#, false),
        .hex("n_string_u_escape_with_invalid_utf8", "5B 22 5C 75 FF 22 5D", false), // ["\u<FF>"]
        .text("n_string_escape_single_quote", #"["\'"]"#, false),
        .text("n_string_escape_zero", #"["\0"]"#, false),
        .text("n_string_octal_escape", #"["\101"]"#, false),
        .text("n_string_escape_capital_u", #""\U00E9""#, false),
        .text("n_string_u_escape_non_hex_letters", #"["\uzzzz"]"#, false),
        .text("n_string_u_escape_minus_sign", #"["\u-123"]"#, false),
        .hex("n_string_backslash_then_invalid_utf8", "5B 22 5C FE 22 5D", false), // ["\<FE>"]
        .text("n_string_u_escape_outside_string", #"[\u0009"x"]"#, false),
        .text("n_string_escape_outside_string", #"[\t]"#, false),
        .text("n_string_lone_quote", #"""#, false),
        .text("n_string_single_quotes", #"['x']"#, false),
        .text("n_string_unquoted_word", #"hello"#, false),
        .text("n_string_unclosed_after_backslash", #""\"#, false),
        .text("n_string_garbage_after_close", #""a"b"#, false),
        .hex("n_string_invalid_utf8_lone_continuation", "22 80 22", false), // "<80>"
        .hex("n_string_invalid_utf8_overlong_2_byte_slash", "5B 22 C0 AF 22 5D", false), // ["<C0 AF>"]
        .hex("n_string_invalid_utf8_overlong_2_byte_nul", "5B 22 C0 80 22 5D", false), // ["<C0 80>"]
        .hex("n_string_invalid_utf8_overlong_3_byte", "5B 22 E0 80 AF 22 5D", false), // ["<E0 80 AF>"]
        .hex("n_string_invalid_utf8_overlong_4_byte", "5B 22 F0 80 80 AF 22 5D", false), // ["<F0 80 80 AF>"]
        .hex("n_string_invalid_utf8_5_byte_form", "5B 22 F8 88 80 80 80 22 5D", false), // ["<F8 88 80 80 80>"]
        .hex("n_string_invalid_utf8_6_byte_form", "5B 22 FC 80 80 80 80 AF 22 5D", false), // ["<FC 80 80 80 80 AF>"]
        .hex("n_string_invalid_utf8_encoded_high_surrogate", "5B 22 ED A0 80 22 5D", false), // ["<ED A0 80>"]
        .hex("n_string_invalid_utf8_encoded_low_surrogate", "5B 22 ED BF BF 22 5D", false), // ["<ED BF BF>"]
        // ["<ED A0 BD ED B8 80>"]
        .hex("n_string_invalid_utf8_encoded_surrogate_pair_cesu8", "5B 22 ED A0 BD ED B8 80 22 5D", false),
        .hex("n_string_invalid_utf8_code_point_above_10FFFF", "5B 22 F4 90 80 80 22 5D", false), // ["<F4 90 80 80>"]
        .hex("n_string_invalid_utf8_lead_byte_f5", "5B 22 F5 80 80 80 22 5D", false), // ["<F5 80 80 80>"]
        .hex("n_string_invalid_utf8_truncated_2_byte", "5B 22 C3 22 5D", false), // ["<C3>"]
        .hex("n_string_invalid_utf8_truncated_3_byte", "5B 22 E2 82 22 5D", false), // ["<E2 82>"]
        .hex("n_string_invalid_utf8_truncated_4_byte", "5B 22 F0 9F 98 22 5D", false), // ["<F0 9F 98>"]
        .hex("n_string_invalid_utf8_truncated_at_end_of_input", "22 E2 82", false), // "<E2 82>
        .hex("n_string_invalid_utf8_lead_then_ascii", "5B 22 E2 41 22 5D", false), // ["<E2>A"]
        .hex("n_string_invalid_utf8_byte_ff", "5B 22 FF 22 5D", false), // ["<FF>"]
        .hex("n_string_invalid_utf8_latin1_letter", "5B 22 63 61 66 E9 22 5D", false), // ["caf<E9>"]
        .hex("n_string_invalid_utf8_extra_continuation", "5B 22 C3 A9 A9 22 5D", false), // ["<C3 A9 A9>"]
        .hex("n_string_invalid_utf8_valid_text_then_bad_lead", "5B 22 D0 B6 F8 22 5D", false), // ["<D0 B6 F8>"]
        .hex("n_string_invalid_utf8_in_key", "7B 22 C0 80 22 3A 31 7D", false), // {"<C0 80>":1}
    ]

    /// Each raw control character U+0000...U+001F inside a string (each must be escaped).
    static let controlCharacters: [Case] = [
        // Every raw U+0000..U+001F inside a string is refused; each must be escaped.
        .hex("n_string_raw_control_00_nul", "5B 22 61 00 22 5D", false), // ["a<00>"]
        .hex("n_string_raw_control_01_soh", "5B 22 61 01 22 5D", false), // ["a<01>"]
        .hex("n_string_raw_control_02_stx", "5B 22 61 02 22 5D", false), // ["a<02>"]
        .hex("n_string_raw_control_03_etx", "5B 22 61 03 22 5D", false), // ["a<03>"]
        .hex("n_string_raw_control_04_eot", "5B 22 61 04 22 5D", false), // ["a<04>"]
        .hex("n_string_raw_control_05_enq", "5B 22 61 05 22 5D", false), // ["a<05>"]
        .hex("n_string_raw_control_06_ack", "5B 22 61 06 22 5D", false), // ["a<06>"]
        .hex("n_string_raw_control_07_bel", "5B 22 61 07 22 5D", false), // ["a<07>"]
        .hex("n_string_raw_control_08_backspace", "5B 22 61 08 22 5D", false), // ["a<08>"]
        .hex("n_string_raw_control_09_tab", "5B 22 61 09 22 5D", false), // ["a<09>"]
        .hex("n_string_raw_control_0A_line_feed", "5B 22 61 0A 22 5D", false), // ["a<0A>"]
        .hex("n_string_raw_control_0B_vertical_tab", "5B 22 61 0B 22 5D", false), // ["a<0B>"]
        .hex("n_string_raw_control_0C_form_feed", "5B 22 61 0C 22 5D", false), // ["a<0C>"]
        .hex("n_string_raw_control_0D_carriage_return", "5B 22 61 0D 22 5D", false), // ["a<0D>"]
        .hex("n_string_raw_control_0E_so", "5B 22 61 0E 22 5D", false), // ["a<0E>"]
        .hex("n_string_raw_control_0F_si", "5B 22 61 0F 22 5D", false), // ["a<0F>"]
        .hex("n_string_raw_control_10_dle", "5B 22 61 10 22 5D", false), // ["a<10>"]
        .hex("n_string_raw_control_11_dc1", "5B 22 61 11 22 5D", false), // ["a<11>"]
        .hex("n_string_raw_control_12_dc2", "5B 22 61 12 22 5D", false), // ["a<12>"]
        .hex("n_string_raw_control_13_dc3", "5B 22 61 13 22 5D", false), // ["a<13>"]
        .hex("n_string_raw_control_14_dc4", "5B 22 61 14 22 5D", false), // ["a<14>"]
        .hex("n_string_raw_control_15_nak", "5B 22 61 15 22 5D", false), // ["a<15>"]
        .hex("n_string_raw_control_16_syn", "5B 22 61 16 22 5D", false), // ["a<16>"]
        .hex("n_string_raw_control_17_etb", "5B 22 61 17 22 5D", false), // ["a<17>"]
        .hex("n_string_raw_control_18_can", "5B 22 61 18 22 5D", false), // ["a<18>"]
        .hex("n_string_raw_control_19_em", "5B 22 61 19 22 5D", false), // ["a<19>"]
        .hex("n_string_raw_control_1A_sub", "5B 22 61 1A 22 5D", false), // ["a<1A>"]
        .hex("n_string_raw_control_1B_escape", "5B 22 61 1B 22 5D", false), // ["a<1B>"]
        .hex("n_string_raw_control_1C_fs", "5B 22 61 1C 22 5D", false), // ["a<1C>"]
        .hex("n_string_raw_control_1D_gs", "5B 22 61 1D 22 5D", false), // ["a<1D>"]
        .hex("n_string_raw_control_1E_rs", "5B 22 61 1E 22 5D", false), // ["a<1E>"]
        .hex("n_string_raw_control_1F_us", "5B 22 61 1F 22 5D", false), // ["a<1F>"]
    ]

    /// Top level and structure: any single value at top level (scalars included), the four kinds of white space,
    /// nesting up to our limit; no data, more than one value, a byte order mark, other white space, NUL bytes, stray
    /// brackets, unclosed containers, and nesting beyond our limit.
    static let structure: [Case] = [
        .text("y_structure_lonely_true_with_space", #"true "#, true),
        .text("y_structure_lonely_int", #"7"#, true),
        .text("y_structure_lonely_negative_fraction_exp", #"-2.5E-3"#, true),
        .text("y_structure_lonely_null_after_space", #" null"#, true),
        .text("y_structure_lonely_string", #""lonely""#, true),
        .hex("y_structure_trailing_newline", "5B 30 5D 0A", true), // [0]<0A>
        .hex("y_structure_whitespace_around_array", "09 5B 20 5D 0D 0A", true), // <09>[ ]<0D 0A>
        // <09 0A 0D> {<09>"a"<0D>:<0A>[ 1<09>,<0D>2 ]<0A>}<0D 0A 09><20>
        .hex(
            "y_structure_whitespace_all_four_kinds_everywhere",
            "09 0A 0D 20 7B 09 22 61 22 0D 3A 0A 5B 20 31 09 2C 0D 32 20 5D 0A 7D 0D 0A 09 20", true),
        // {<0D 0A>"a": [<0D 0A>1<0D 0A>]<0D 0A>}<0D 0A>
        .hex("y_structure_whitespace_crlf_lines", "7B 0D 0A 22 61 22 3A 20 5B 0D 0A 31 0D 0A 5D 0D 0A 7D 0D 0A", true),
        // Within our 64-level limit.
        .nested("y_structure_nested_arrays_60_deep", #"["#, "", #"]"#, depth: 60, true),
        .nested("y_structure_nested_objects_60_deep", #"{"a":"#, #"1"#, #"}"#, depth: 60, true),
        // Exactly JSONScanner.maxDepth (64) levels: the deepest we accept.
        .nested("y_structure_nested_arrays_64_deep_at_limit", #"["#, #"0"#, #"]"#, depth: 64, true),
        // 64 levels of alternating arrays and objects.
        .nested("y_structure_nested_mixed_32_pairs", #"[{"k":"#, #"null"#, #"}]"#, depth: 32, true),
        .text("n_structure_angle_brackets_around_letter", #"<x>"#, false),
        .text("n_structure_angle_brackets_in_array", #"[<1>]"#, false),
        .text("n_structure_garbage_after_array", #"[]z"#, false),
        .text("n_structure_extra_array_close", #"[[]]]"#, false),
        .text("n_structure_unclosed_string_in_array", #"["q]"#, false),
        .hex("n_structure_bare_ascii_then_non_ascii", "62 C3 A9", false), // b<C3 A9>
        .text("n_structure_capitalized_literal_in_array", #"[True]"#, false),
        .text("n_structure_close_unopened_after_string", #""a"]"#, false),
        .text("n_structure_comma_instead_of_closing_brace", #"{"k": 0,"#, false),
        .text("n_structure_two_arrays", #"[1][2]"#, false),
        .text("n_structure_two_numbers", #"1 2"#, false),
        .text("n_structure_comma_separated_top_level", #"1,2"#, false),
        .text("n_structure_member_at_top_level", #""k":1"#, false),
        .text("n_structure_lone_close_bracket", #"]"#, false),
        .text("n_structure_lone_comma", #","#, false),
        .hex("n_structure_utf8_bom_only", "EF BB BF", false), // <EF BB BF>
        // A leading byte order mark is not JSON text.
        .hex("n_structure_utf8_bom_before_array", "EF BB BF 5B 31 5D", false), // <EF BB BF>[1]
        .hex("n_structure_incomplete_utf8_bom", "EF BB 5B 31 5D", false), // <EF BB>[1]
        .hex("n_structure_lone_invalid_byte", "FF", false), // <FF>
        .text("n_structure_lone_open_brace", #"{"#, false),
        .text("n_structure_lone_open_bracket", #"["#, false),
        .text("n_structure_no_data", "", false),
        .text("n_structure_whitespace_only", #"   "#, false),
        .hex("n_structure_nul_after_value", "31 00", false), // 1<00>
        .hex("n_structure_nul_inside_object", "7B 00 7D", false), // {<00>}
        .text("n_structure_number_then_at_sign", #"5%"#, false),
        .text("n_structure_object_then_extra_close", #"{"a":1}}"#, false),
        .text("n_structure_object_unclosed_after_colon", #"{"z":"#, false),
        .text("n_structure_comment_inside_object", #"{/*c*/"k":1}"#, false),
        .hex("n_structure_line_comment_before_value", "2F 2F 20 68 69 0A 5B 31 5D", false), // // hi<0A>[1]
        .text("n_structure_object_then_array", #"{"k":1} [2]"#, false),
        .text("n_structure_open_array_single_quote_string", #"['a"#, false),
        .text("n_structure_open_array_then_comma", #"[ ,"#, false),
        .text("n_structure_open_array_open_object", #"[{ "#, false),
        .text("n_structure_open_array_open_string", #"["zz"#, false),
        .text("n_structure_open_array_with_string", #"["zz""#, false),
        .text("n_structure_open_object_space", #"{ "#, false),
        .text("n_structure_open_object_close_array", #"{ ]"#, false),
        .text("n_structure_open_object_comma", #"{ ,"#, false),
        .text("n_structure_open_object_open_array", #"{ ["#, false),
        .text("n_structure_open_object_open_string", #"{"k"#, false),
        .text("n_structure_open_object_single_quoted_key", #"{'k'"#, false),
        .text("n_structure_open_escapes_and_brackets", #"{"\[{"\[{"\["#, false),
        .hex("n_structure_lone_invalid_latin1_byte", "F1", false), // <F1>
        .hex("n_structure_lone_non_ascii_letter", "C3 B8", false), // <C3 B8>
        .text("n_structure_hash_after_array", #"[1]#[2]"#, false),
        .text("n_structure_u_escape_cr_before_value", #"[\u000D1]"#, false),
        .text("n_structure_unclosed_array_one_literal", #"[true"#, false),
        .text("n_structure_unclosed_array_partial_null", #"[ 1, n"#, false),
        .text("n_structure_unclosed_array_partial_false", #"[ null, f"#, false),
        .text("n_structure_unclosed_array_partial_true", #"[ 0, t"#, false),
        .text("n_structure_unclosed_object_after_value", #"{"k":[]"#, false),
        // Only space, tab, line feed and carriage return are JSON white space.
        .hex("n_structure_formfeed_inside_array", "5B 31 0C 5D", false), // [1<0C>]
        .hex("n_structure_formfeed_before_value", "0C 5B 5D", false), // <0C>[]
        .hex("n_structure_vertical_tab_inside_array", "5B 0B 31 5D", false), // [<0B>1]
        .hex("n_structure_nbsp_as_whitespace", "5B C2 A0 31 5D", false), // [<C2 A0>1]
        .hex("n_structure_word_joiner_as_whitespace", "5B 31 2C E2 81 A0 32 5D", false), // [1,<E2 81 A0>2]
        .hex("n_structure_line_separator_as_whitespace", "5B 31 E2 80 A8 5D", false), // [1<E2 80 A8>]
        .hex("n_structure_zero_width_nbsp_inside_array", "5B EF BB BF 31 5D", false), // [<EF BB BF>1]
        // Valid RFC 8259 text refused by our 64-level nesting limit (JSONScanner.maxDepth).
        .nested("n_structure_nested_arrays_65_deep_over_limit", #"["#, #"0"#, #"]"#, depth: 65, false),
        // JSONTestSuite has 500 closed levels as i_; our reader's 64-level nesting limit refuses it.
        .nested("n_structure_nested_arrays_500_deep_over_limit", #"["#, "", #"]"#, depth: 500, false),
        // Unclosed, and far beyond the nesting limit: must fail cleanly, not overflow the stack.
        .repeated("n_structure_100000_opening_brackets", "", #"["#, count: 100_000, "", false),
        .repeated("n_structure_50000_open_array_object_pairs", "", #"[{"k":"#, count: 50_000, "", false),
        .repeated(
            "n_structure_nested_arrays_one_close_missing", String(repeating: #"["#, count: 40), #"]"#, count: 39, "",
            false),
    ]

    /// The kinds JSONTestSuite leaves to the implementation (i_), in our own bytes. `accept` is what Python 3's `json`
    /// does with the checks above: it accepts out-of-range numbers (as infinity, zero or a big integer) and lone or
    /// misordered surrogate \u escapes, and refuses invalid UTF-8, UTF-16 and UTF-32 text and a leading byte order mark.
    /// The suite's i_structure_500_nested_arrays is not here: our nesting limit refuses it, so it is in `structure`.
    static let implementationDefined: [Case] = [
        .text("i_number_fraction_huge_negative_exp", #"[5.5e-700]"#, true),
        .repeated("i_number_exp_with_huge_digit_run", #"[0.7e000"#, #"7"#, count: 80, #"]"#, true),
        .text("i_number_negative_int_huge_exp", #"[-3e+8888]"#, true),
        .text("i_number_fraction_huge_positive_exp", #"[2.25E+7777]"#, true),
        .text("i_number_negative_overflow", #"[-456456e200000]"#, true),
        .text("i_number_positive_overflow", #"[789789e300000]"#, true),
        .text("i_number_underflow_to_zero", #"[321e-20000000]"#, true),
        .text("i_number_negative_int_beyond_int64", #"[-98765432109876543210987654321]"#, true),
        .text("i_number_positive_int_beyond_uint64", #"[18446744073709551616]"#, true),
        .text("i_number_int_one_past_int64_max", #"[9223372036854775808]"#, true),
        .text(
            "i_number_very_long_negative_int", #"[-314159265358979323843141592653589793238431415926535897932384]"#, true
        ),
        .text("i_object_key_lone_low_surrogate", #"{"\uDC01":1}"#, true),
        .text("i_string_lone_high_surrogate", #"["\uD900"]"#, true),
        .text("i_string_high_surrogate_then_non_surrogate_escape", #"["\uDB00\u0041"]"#, true),
        .text("i_string_high_surrogate_then_short_escape", #"["\uD8FF\t"]"#, true),
        .text("i_string_high_surrogate_then_letter", #"["\uD834x"]"#, true),
        .text("i_string_two_high_surrogates_then_escape", #"["\uDB80\uDB80\r"]"#, true),
        .text("i_string_lone_high_surrogate_lowercase", #"["\udbff"]"#, true),
        .text("i_string_lone_high_surrogate_then_text", #"["\udbffxyz"]"#, true),
        .text("i_string_low_then_high_surrogate_inverted", #"["\uDE00\uD83D"]"#, true),
        .text("i_string_lone_low_surrogate", #"["\uDCFF"]"#, true),
        .text("i_string_lone_low_surrogate_then_letter", #"["\uDC00z"]"#, true),
        .hex("i_string_raw_byte_fe", "5B 22 FE 22 5D", false), // ["<FE>"]
        .hex("i_string_raw_latin1_byte", "5B 22 FC 22 5D", false), // ["<FC>"]
        .hex("i_string_raw_lone_continuation_byte", "5B 22 BF 22 5D", false), // ["<BF>"]
        .hex("i_string_raw_code_point_above_10FFFF", "5B 22 F4 90 80 81 22 5D", false), // ["<F4 90 80 81>"]
        .hex("i_string_raw_overlong_2_byte", "5B 22 C1 81 22 5D", false), // ["<C1 81>"]
        .hex("i_string_raw_overlong_6_byte", "5B 22 FC 80 80 80 81 81 22 5D", false), // ["<FC 80 80 80 81 81>"]
        .hex("i_string_raw_overlong_6_byte_nul", "5B 22 FC 80 80 80 80 80 22 5D", false), // ["<FC 80 80 80 80 80>"]
        .hex("i_string_raw_truncated_3_byte_then_space", "5B 22 E2 82 20 22 5D", false), // ["<E2 82> "]
        .hex("i_string_raw_valid_then_invalid_sequence", "5B 22 D0 B6 F8 80 22 5D", false), // ["<D0 B6 F8 80>"]
        .hex("i_string_raw_encoded_surrogate_DFFF", "5B 22 ED BF BF 22 5D", false), // ["<ED BF BF>"]
        .hex("i_string_utf16be_without_bom", "00 5B 00 22 00 E9 00 22 00 5D", false), // <00>[<00>"<00 E9 00>"<00>]
        .hex("i_string_utf16le_without_bom", "5B 00 22 00 E9 00 22 00 5D 00", false), // [<00>"<00 E9 00>"<00>]<00>
        .hex("i_string_utf16le_with_bom", "FF FE 5B 00 31 00 5D 00", false), // <FF FE>[<00>1<00>]<00>
        .hex("i_string_utf16be_with_bom", "FE FF 00 5B 00 31 00 5D", false), // <FE FF 00>[<00>1<00>]
        // [<00 00 00>2<00 00 00>]<00 00 00>
        .hex("i_string_utf32le_without_bom", "5B 00 00 00 32 00 00 00 5D 00 00 00", false),
        .hex("i_structure_utf8_bom_before_string", "EF BB BF 22 78 22", false), // <EF BB BF>"x"
    ]
}
