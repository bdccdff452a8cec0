#!/usr/bin/perl
# Writes Perl SpamAssassin's answer for each network fixture next to it, as NAME.expected.json:
# score, required, isSpam, tests (with scores), subtests (with counts), the X-Spam-* header
# block SA would add and the report (`get_report`: the report_template with _REPORT_ and its
# per-rule test_log lines, what `spamassassin -t` appends and spamscore's result.report). Network tests ON (local_tests_only 0, dns_available yes), every DNS
# question sent to the test zone server at 127.0.0.1:PORT, the stock rules and site config from
# ../shared, then fixtures/network/test.cf (read on both sides of the differential test).
#
# Regenerate everything with one command (starts the zone server, runs this, stops it):
#
#   node scripts/sa-expected-net.mjs
#
# Direct use, with a zone server already listening on PORT:
#
#   perl scripts/sa-expected-net.pl RULES_DIR SITE_DIR TEST_CF PORT fixtures/network/*.eml
#
# Mail::DMARC::PurePerl makes its own Net::DNS::Resolver and ignores dns_server; the launcher
# points it at the zone server through RES_NAMESERVERS and RES_OPTIONS=port:PORT.
use strict; use warnings;
use Mail::SpamAssassin;
use JSON::PP;
use File::Temp qw(tempdir);
use File::Glob qw(bsd_glob);

my ($rules, $site, $testcf, $port, @files) = @ARGV;
die "usage: sa-expected-net.pl RULES_DIR SITE_DIR TEST_CF PORT FILE...\n"
  unless $rules && $site && $testcf && $port && $port =~ /^\d+$/ && @files;

open(my $cf, '<', $testcf) or die "$testcf: $!";
my $test_cf = do { local $/; <$cf> }; close $cf;

my $home = tempdir(CLEANUP => 1);
my $sa = Mail::SpamAssassin->new({
  rules_filename => $rules, site_rules_filename => $site,
  userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1),
  # dns_block_rule state files go to the global state dir: keep them in a throw-away place.
  home_dir_for_helpers => $home,
  local_tests_only => 0, dont_copy_prefs => 1,
  post_config_text => join('',
    "dns_server 127.0.0.1:$port\n",
    "dns_available yes\n",
    "report_hostname fixtures.example\n",
    # Every answer comes from localhost at once; a short timeout only bounds a mistake.
    "rbl_timeout 5 2\n",
    $test_cf),
});
$sa->init(0);
my $json = JSON::PP->new->canonical(1)->pretty;
# With SA_NET_MARKERS set (the launcher sets it), a marker question precedes each message so the
# zone server's log can be split per fixture: NAME.fixture-marker.sa-fixtures.test TXT.
my $marker = $ENV{SA_NET_MARKERS} && do {
  require Net::DNS::Resolver;
  Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => $port, retry => 1, udp_timeout => 2);
};
for my $f (@files) {
  if ($marker) {
    (my $name = $f) =~ s{^.*/|\.eml$}{}g;
    $marker->send("$name.fixture-marker.sa-fixtures.test", 'TXT');
  }
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
  # A dns_block_rule hit (e.g. RCVD_IN_ZEN_BLOCKED_OPENDNS) blocks its zone for dns_block_time
  # seconds; each fixture is scored on its own, so lift the block before the next one.
  unlink $_ for bsd_glob("$home/.spamassassin/dnsblock_*");
}
