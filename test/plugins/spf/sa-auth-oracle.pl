#!/usr/bin/perl
# Perl SpamAssassin 4.0.1's answer for the SPF / DKIM / DMARC test cases: the case's .cf, with the
# SPF, DKIM and DMARC plugins loaded, is compiled with network tests on and `dns_server` pointing
# at the test zone server (Mail::DMARC, which keeps its own resolver, is pointed there too), the
# message is checked, and the rules and sub-rules hit plus the DKIM tags are printed as one JSON
# line. With LOCAL set to 1 it runs local tests only (spamassassin -L) instead.
#
#   usage: perl sa-auth-oracle.pl PORT CF_FILE MESSAGE_FILE LOCAL
use strict; use warnings;
use Mail::SpamAssassin;
use JSON::PP;
use File::Temp qw(tempdir);
use Net::DNS;
use Mail::DMARC::PurePerl;
my ($port, $cf, $msgfile, $local) = @ARGV;
die "usage: sa-auth-oracle.pl PORT CF_FILE MESSAGE_FILE LOCAL\n" unless $port && $cf && $msgfile && defined $local;
{
  no warnings 'redefine';
  *Mail::DMARC::Base::get_resolver = sub {
    my $self = shift;
    $self->{resolver} ||= Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => $port, dnsrch => 0,
      udp_timeout => 3, tcp_timeout => 3, retry => 1);
  };
}
my $dir = tempdir(CLEANUP => 1);
open(my $pre, '>', "$dir/init.pre") or die;
print $pre join("\n", map { "loadplugin Mail::SpamAssassin::Plugin::$_" } qw(Check SPF DKIM DMARC)), "\n";
close $pre;
open(my $in, '<:raw', $cf) or die "$cf: $!";
my $cftext = do { local $/; <$in> }; close $in;
open(my $out, '>:raw', "$dir/test.cf") or die;
print $out "dns_available yes\ndns_server 127.0.0.1:$port\n" unless $local;
print $out "$cftext\n";
close $out;
my $sa = Mail::SpamAssassin->new({
  rules_filename => $dir, site_rules_filename => "$dir/none",
  userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1),
  local_tests_only => $local ? 1 : 0, dont_copy_prefs => 1,
});
$sa->init(0);
open(my $fh, '<:raw', $msgfile) or die "$msgfile: $!";
my $text = do { local $/; <$fh> }; close $fh;
my $mail = $sa->parse($text);
my $st = $sa->check($mail);
my %sub; $sub{$_}++ for @{$st->{subtest_names_hit}};
my %tags;
for my $t (qw(DKIMIDENTITY DKIMDOMAIN DKIMSELECTOR)) {
  my $v = $st->get_tag($t);
  $tags{$t} = $v if defined $v && $v ne '';
}
print JSON::PP->new->canonical(1)->encode({
  hits => [ sort(@{$st->{test_names_hit}}, keys %sub) ],
  tags => \%tags,
}), "\n";
$st->finish(); $mail->finish();
