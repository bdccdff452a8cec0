#!/usr/bin/perl
# Writes Perl SpamAssassin's answer for each fixture message next to it, as NAME.expected.json:
# score, required, isSpam, tests (with scores), subtests (with counts), the X-Spam-* header
# block SA would add (report_hostname fixed to fixtures.example so the block is stable) and the
# report (`get_report`: the report_template with _REPORT_ and each rule's test_log lines, what
# `spamassassin -t` appends and spamscore's result.report).
# Local tests only (like spamassassin -L), the stock rules and site config from ../shared.
#
#   usage: perl scripts/sa-expected.pl RULES_DIR SITE_DIR fixtures/messages/*.eml
use strict; use warnings;
use Mail::SpamAssassin;
use JSON::PP;
use File::Temp qw(tempdir);
my ($rules, $site, @files) = @ARGV;
die "usage: sa-expected.pl RULES_DIR SITE_DIR FILE...\n" unless $rules && $site && @files;
my $sa = Mail::SpamAssassin->new({
  rules_filename => $rules, site_rules_filename => $site,
  userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1),
  local_tests_only => 1, dont_copy_prefs => 1,
  post_config_text => "report_hostname fixtures.example\n",
});
$sa->init(0);
my $json = JSON::PP->new->canonical(1)->pretty;
for my $f (@files) {
  open(my $fh, '<:raw', $f) or die "$f: $!";
  my $text = do { local $/; <$fh> }; close $fh;
  my $mail = $sa->parse($text);
  my $st = $sa->check($mail);
  my $sc = $st->{conf}->{scores};
  my %sub; $sub{$_}++ for @{$st->{subtest_names_hit}};
  my $block = $st->_get_added_headers($st->is_spam() ? 'headers_spam' : 'headers_ham');
  (my $out = $f) =~ s/\.eml$/.expected.json/;
  open(my $oh, '>', $out) or die "$out: $!";
  print $oh $json->encode({
    score => $st->get_score() + 0, required => $st->get_required_score() + 0,
    isSpam => $st->is_spam() ? JSON::PP::true : JSON::PP::false,
    tests => [ map { {name => $_, score => ($sc->{$_} || 0) + 0} } sort @{$st->{test_names_hit}} ],
    subtests => \%sub,
    headers => $block,
    report => $st->get_report(),
  });
  close $oh;
  $st->finish(); $mail->finish();
}
