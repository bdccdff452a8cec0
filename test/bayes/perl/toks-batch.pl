#!/usr/bin/perl
# The oracle for the tokenizer tests (bayes.md A.1 toks.pl, batched): every file's token ids as
# Perl SpamAssassin 4.0.1 computes them on one path, one process per path (the /o in
# Message/Node.pm delete_header makes the first path in a process stick).
#   perl toks-batch.pl learn|scan DBPATH FILE...  →  "#FILE <path>" then "<10-hex id>\t<hex raw>" lines
# DBPATH must hold a database with at least 1 spam and 1 ham (the scan path runs check_bayes).
use strict; use warnings;
use Mail::SpamAssassin;
my ($mode, $db, @files) = @ARGV;
my $captured;
{
  no warnings 'redefine';
  require Mail::SpamAssassin::Plugin::Bayes;
  my $orig = \&Mail::SpamAssassin::Plugin::Bayes::tokenize;
  *Mail::SpamAssassin::Plugin::Bayes::tokenize = sub { my $r = $orig->(@_); $captured = $r; $r };
}
my $sa = Mail::SpamAssassin->new({
  userprefs_filename => '/dev/null', local_tests_only => 1, dont_copy_prefs => 1,
  post_config_text => "bayes_path $db\nbayes_min_spam_num 1\nbayes_min_ham_num 1\nbayes_auto_learn 0\nuse_bayes 1\n" . ($ENV{EXTRA}||""),
});
$sa->init(1);
binmode STDOUT;
my $bayes = $sa->call_plugins('learner_get_implementation');
for my $file (@files) {
  open(my $fh, '<:raw', $file) or die "$file: $!";
  my $text = do { local $/; <$fh> }; close $fh;
  my $msg = $sa->parse($text);
  undef $captured;
  if ($mode eq 'learn') {
    $bayes->{store}->tie_db_readonly();
    my $md = $bayes->get_body_from_msg($msg);
    $captured = $bayes->tokenize($msg, $md);
  } else {
    my $st = $sa->check($msg);
    $st->finish;
  }
  print "#FILE $file\n";
  if ($captured) {
    for my $k (sort keys %$captured) { print unpack('H*', $k), "\t", unpack('H*', $captured->{$k}), "\n"; }
  }
  $msg->finish;
}
