#!/usr/bin/perl
use strict; use warnings;
use Mail::SpamAssassin; use JSON::PP;
my @cf; while (@ARGV && $ARGV[0] ne '--') { push @cf, shift @ARGV } shift @ARGV;
my $sa = Mail::SpamAssassin->new({ userprefs_filename => '/dev/null', local_tests_only => 1,
  dont_copy_prefs => 1, post_config_text => join("\n", @cf)."\n" });
$sa->init(1);
my $json = JSON::PP->new->canonical(1);
for my $f (@ARGV) {
  open(my $fh, '<:raw', $f) or die "$f: $!"; my $text = do { local $/; <$fh> }; close $fh;
  my $msg = $sa->parse($text);
  my $st = $sa->check($msg);
  my $bs = $st->{bayes_score};
  my @bayes = grep { /^BAYES_/ } @{$st->{test_names_hit}};
  my %tag = map { ($_ => $st->get_tag($_)) } qw(BAYES BAYESTC BAYESTCLEARNED BAYESTCSPAMMY BAYESTCHAMMY TOKENSUMMARY AUTOLEARN AUTOLEARNSCORE);
  print $json->encode({ file => $f, scoreset => $sa->{conf}->get_score_set(),
    bayes_score => defined $bs ? sprintf('%.17g', $bs) : undef,
    nspam => $st->{bayes_nspam}, nham => $st->{bayes_nham},
    bayes_rules => \@bayes, score => $st->get_score()+0, tests => $st->get_tag('TESTS'), tags => \%tag,
    spammy => $st->get_tag('SPAMMYTOKENS', '300,short'), hammy => $st->get_tag('HAMMYTOKENS', '300,short') }), "\n";
  $st->finish; $msg->finish;
}
