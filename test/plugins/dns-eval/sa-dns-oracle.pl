#!/usr/bin/perl
# Perl SpamAssassin 4.0.1's answer for the DNSEval test cases: each case's .cf (with an init.pre
# loading DNSEval) is compiled with network tests on and `dns_server` pointing at the test zone
# server, the message is checked, and the rules and sub-rules hit plus the _RBL_ tag are printed
# as one JSON line, with the report's log lines of each rule (`test_logs`).
#
#   usage: perl sa-dns-oracle.pl PORT CF_FILE MESSAGE_FILE
use strict; use warnings;
use Mail::SpamAssassin;
use JSON::PP;
use File::Temp qw(tempdir);
my ($port, $cf, $msgfile) = @ARGV;
die "usage: sa-dns-oracle.pl PORT CF_FILE MESSAGE_FILE\n" unless $port && $cf && $msgfile;
my $dir = tempdir(CLEANUP => 1);
open(my $pre, '>', "$dir/init.pre") or die;
print $pre "loadplugin Mail::SpamAssassin::Plugin::Check\nloadplugin Mail::SpamAssassin::Plugin::DNSEval\n";
close $pre;
open(my $in, '<:raw', $cf) or die "$cf: $!";
my $cftext = do { local $/; <$in> }; close $in;
open(my $out, '>:raw', "$dir/test.cf") or die;
print $out "dns_available yes\ndns_server 127.0.0.1:$port\nrbl_timeout 2 1\n$cftext\n";
close $out;
my $sa = Mail::SpamAssassin->new({
  rules_filename => $dir, site_rules_filename => "$dir/none",
  userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1),
  local_tests_only => 0, dont_copy_prefs => 1,
});
$sa->init(0);
open(my $fh, '<:raw', $msgfile) or die "$msgfile: $!";
my $text = do { local $/; <$fh> }; close $fh;
my $mail = $sa->parse($text);
my $st = $sa->check($mail);
my %sub; $sub{$_}++ for @{$st->{subtest_names_hit}};
my $rbl = $st->get_tag('RBL');
print JSON::PP->new->canonical(1)->encode({
  hits => [ sort @{$st->{test_names_hit}} ],
  subtests => [ sort keys %sub ],
  rbl => defined $rbl ? $rbl : undef,
  logs => { map { ($_ => $st->{test_logs}{$_}{msg}) } grep { $st->{test_logs}{$_}{msg} } keys %{$st->{test_logs}} },
}), "\n";
$st->finish(); $mail->finish();
