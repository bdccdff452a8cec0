#!/usr/bin/perl
# Test oracle: compiles patterns the way SpamAssassin's Util::compile_regexp does and reports
# where each subject matches. Our own code, written for the differential tests.
#
# Input, one case per line (all fields hex-encoded so bytes survive exactly, as SA's byte strings):
#   <pattern-hex> TAB <flags> TAB x<subject-hex>,x<subject-hex>,...   ("x" alone = empty subject)
# Output, one line per case:
#   ERR TAB <perl's message>                      pattern rejected
#   OK TAB <result>,<result>,...                   <result> is "start-end" or "-" for no match
#
# Compilation mirrors SA 4.0.1 on perl >= 5.16: prepend "(?flags)" when flags are present, compile
# with qr/$re/aa under `use warnings`, and die on any warning that does not mention "deprecated".
use strict;
use warnings;

$| = 1;

sub compile_like_sa {
    my ($re) = @_;
    my $compiled;
    my $ok = eval {
        local $SIG{__WARN__} = sub {
            if ($_[0] !~ /deprecated/i) { die "$_[0]\n"; }
        };
        $compiled = qr/$re/aa;
        1;
    };
    return ($compiled, '') if $ok && ref($compiled) eq 'Regexp';
    my $err = $@ ne '' ? $@ : 'unknown error';
    chomp $err;
    $err =~ s/ at .*? line \d.*$//;
    $err =~ s/[\t\n]/ /g;
    return (undef, $err);
}

while (my $line = <STDIN>) {
    chomp $line;
    my ($pattern_hex, $flags, $subjects_hex) = split /\t/, $line, -1;
    my $re = pack('H*', $pattern_hex);
    $re = "(?$flags)$re" if defined $flags && $flags ne '';
    my ($qr, $err) = compile_like_sa($re);
    if (!$qr) {
        print "ERR\t$err\n";
        next;
    }
    my @out;
    for my $hex (split /,/, $subjects_hex // '') {
        my $subject = pack('H*', substr($hex, 1));
        if ($subject =~ $qr) {
            push @out, "$-[0]-$+[0]";
        } else {
            push @out, '-';
        }
    }
    print "OK\t", join(',', @out), "\n";
}
