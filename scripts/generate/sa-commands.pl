# Dumps, as JSON on stdout, what the installed SpamAssassin registers at run time: the core
# configuration commands (Conf.pm's `registered_commands`) and, for each plugin named on the
# command line, the commands, eval functions and `has_*` probes its constructor registers.
# Read by scripts/generate/directive-table.mjs and catalog.mjs; nothing here is SA's text.
use strict;
use warnings;
use B ();
use JSON::PP ();
use Mail::SpamAssassin;

my $sa = Mail::SpamAssassin->new({
  dont_copy_prefs => 1,
  site_rules_filename => '/nonexistent',
  rules_filename => '/nonexistent',
  userprefs_filename => '/dev/null',
});
my $conf = $sa->{conf};

# SA's `$CONF_TYPE_*` constants by value, and its eval rule types (`$TYPE_*_EVALS`) by value.
my (%conf_type, %eval_type);
{
  no strict 'refs';
  for my $sym (keys %Mail::SpamAssassin::Conf::) {
    if ($sym =~ /^CONF_TYPE_(\w+)$/) { $conf_type{${"Mail::SpamAssassin::Conf::$sym"}} = $1 }
    elsif ($sym =~ /^TYPE_(\w+)_EVALS$/) { $eval_type{${"Mail::SpamAssassin::Conf::$sym"}} = $1 }
  }
}

# A default as a typed value: Perl's own flags say number or string (checked before anything
# stringifies it), a reference is named by its type.
sub default_of {
  my ($cmd) = @_;
  return undef unless exists $cmd->{default};
  my $d = $cmd->{default};
  return { kind => 'undef' } unless defined $d;
  return { kind => 'ref', value => ref $d } if ref $d;
  my $flags = B::svref_2object(\$cmd->{default})->FLAGS;
  my $numeric = ($flags & (B::SVp_IOK | B::SVp_NOK)) && !($flags & B::SVp_POK);
  return { kind => $numeric ? 'number' : 'string', value => "$d" };
}

sub command_of {
  my ($cmd) = @_;
  my $rec = {
    name => $cmd->{command} || $cmd->{setting},
    setting => $cmd->{setting},
    type => defined $cmd->{type} ? $conf_type{$cmd->{type}} : undef,
    code => $cmd->{code} ? JSON::PP::true : JSON::PP::false,
    aliases => [@{$cmd->{aliases} || []}],
  };
  my $default = default_of($cmd);
  $rec->{default} = $default if $default;
  # what a user's preferences read by spamd may not set (read by user-config-access.mjs)
  $rec->{is_admin} = JSON::PP::true if $cmd->{is_admin};
  $rec->{is_priv} = JSON::PP::true if $cmd->{is_priv};
  return $rec;
}

my %out = (
  version => Mail::SpamAssassin::Version(),
  core => [map { command_of($_) } @{$conf->{registered_commands}}],
  plugins => {},
);

# Each plugin's eval registrations, as its constructor makes them.
my @evals;
{
  no warnings 'redefine';
  my $orig = \&Mail::SpamAssassin::Conf::register_eval_rule;
  *Mail::SpamAssassin::Conf::register_eval_rule = sub { push @evals, [$_[2], $_[3]]; goto &$orig };
}

for my $name (@ARGV) {
  my $pkg = "Mail::SpamAssassin::Plugin::$name";
  my $first = scalar @{$conf->{registered_commands}};
  @evals = ();
  $sa->{plugins}->load_plugin($pkg, undef, 0);
  die "plugin $pkg did not load\n" unless grep { ref $_ eq $pkg } @{$sa->{plugins}->{plugins}};
  my $all = $conf->{registered_commands};
  no strict 'refs';
  # `has_*` probes in the order the plugin defines them (the line of each sub's first statement).
  my @has = grep { /^has_/ && defined &{"${pkg}::$_"} } keys %{"${pkg}::"};
  my %line = map { ($_ => B::svref_2object(\&{"${pkg}::$_"})->START->line) } @has;
  $out{plugins}{$name} = {
    commands => [map { command_of($_) } @{$all}[$first .. $#$all]],
    evals => [map { { name => $_->[0], type => defined $_->[1] ? $eval_type{$_->[1]} : undef } } @evals],
    features => [map { { name => $_, value => $pkg->$_() ? JSON::PP::true : JSON::PP::false } } sort { $line{$a} <=> $line{$b} } @has],
    parseConfig => defined &{"${pkg}::parse_config"} ? JSON::PP::true : JSON::PP::false,
  };
}

print JSON::PP->new->canonical->encode(\%out);
